"""Section II as a person would write it: tasks grouped by their outcome at the cut-off with the units' own words,
one line for the tasks nobody reported on, quoted difficulties, and what changed between two compilations."""
from __future__ import annotations

import re

from tracker.reports.facts import HEADLINES, Facts, TaskFacts

HEADLINE_WORDS = {"done_on_time": "hoàn thành đúng hạn", "done_late": "hoàn thành quá hạn",
                  "open_in_time": "đang thực hiện trong hạn", "open_overdue": "chưa hoàn thành, quá hạn",
                  "request_overdue": "đề nghị chưa hoàn thành, quá hạn"}
NOTE_LIMIT = 1200


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _one_line(markdown: str) -> str:
    text = " ".join(markdown.split())
    return text if len(text) <= NOTE_LIMIT else text[:NOTE_LIMIT].rsplit(" ", 1)[0] + " …"


def _names(names: list[str], shown: int = 6) -> str:
    """"A, B, C" or, for a task given to a hundred communes, "A, B, … và 94 đơn vị khác"."""
    if len(names) <= shown + 1:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" và {len(names) - shown} đơn vị khác"


OUTCOMES = (("done_on_time", "Nhiệm vụ đã hoàn thành đúng hạn"), ("done_late", "Nhiệm vụ đã hoàn thành nhưng quá hạn"),
            ("in_progress", "Nhiệm vụ đang thực hiện"), ("overdue", "Nhiệm vụ chưa hoàn thành, đã quá hạn"),
            ("not_started", "Nhiệm vụ chưa triển khai thực hiện"))
FLAGS = re.compile(r"khó khăn|vướng mắc|hạn chế|kiến nghị|đề xuất|đề nghị", re.IGNORECASE)
SHORT = 90


def outcome_of(row: TaskFacts) -> str:
    """The group a task is told in, from its state at the cut-off."""
    if row.headline in ("done_on_time", "done_late"):
        return row.headline
    if row.headline in ("open_overdue", "request_overdue"):
        return "overdue"
    return "not_started" if row.status == "not_started" else "in_progress"


def _lead(row: TaskFacts) -> str:
    return next((r.unit_name for r in row.roles if r.role == "lead"), None) or \
        next((r.unit_name for r in row.roles), "Chưa giao đơn vị")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[:SHORT].rsplit(" ", 1)[0] + "…"


def _task_block(row: TaskFacts) -> list[str]:
    """One reported task: what it is, who leads, its deadline, then the units' own words (lead first)."""
    task = row.task
    deadline = _date(task.due_on) if task.due_on else (task.deadline_phrase or "không ghi thời hạn")
    progress = f"; tiến độ {row.progress}%" if row.progress and row.headline not in ("done_on_time", "done_late") \
        else ""
    lines = [f"- **{_one_line(task.text)}** *({_lead(row)}; thời hạn: {deadline}{progress})*"]
    lead = _lead(row)
    for update in sorted(row.updates, key=lambda u: (u.unit.name != lead, u.reported_on)):
        lines.append(f"    - {update.unit.name} báo cáo ({_date(update.reported_on)}): “{_one_line(update.note_md)}”")
    if row.below:
        total = sum(row.below.values())
        parts = ", ".join(f"{row.below[h]} {HEADLINE_WORDS[h]}" for h in HEADLINES if row.below.get(h))
        lines.append(f"    - Cấp dưới: {total} nhiệm vụ tại {row.below_plans} kế hoạch triển khai: {parts}.")
    return lines


def _unreported(rows: list[TaskFacts]) -> list[str]:
    """One line for the tasks no unit reported on in the period, by lead unit."""
    if not rows:
        return []
    by_unit: dict[str, list[str]] = {}
    for row in rows:
        by_unit.setdefault(_lead(row), []).append(_short(row.task.text))
    listed = "; ".join(f"{unit} ({len(texts)}: {', '.join(texts[:3])}{', …' if len(texts) > 3 else ''})"
                       for unit, texts in by_unit.items())
    return [f"*{len(rows)} nhiệm vụ chưa có báo cáo trong kỳ:* {listed}.", ""]


def results(facts: Facts) -> str:
    """Section II: the tasks grouped by their outcome at the cut-off, each reported task with the units' own
    words; one line for the tasks nobody reported on."""
    if not facts.tasks:
        return ("Trong kỳ báo cáo, hệ thống chưa ghi nhận nhiệm vụ nào của đơn vị thuộc kế hoạch này "
                "(chưa có kế hoạch hoặc chưa giao nhiệm vụ).")
    groups: dict[str, list[TaskFacts]] = {key: [] for key, _ in OUTCOMES}
    for row in facts.tasks:
        groups[outcome_of(row)].append(row)
    lines: list[str] = []
    silent: list[TaskFacts] = []
    number = 0
    for key, heading in OUTCOMES:
        rows = groups[key]
        if not rows:
            continue
        number += 1
        reported = [row for row in rows if row.updates or row.below]
        silent += [row for row in rows if not (row.updates or row.below)]
        lines += [f"**{number}. {heading}: {len(rows)} nhiệm vụ**", ""]
        for row in reported:
            lines += _task_block(row)
        if reported:
            lines.append("")
    lines += _unreported(silent)
    return "\n".join(lines).strip()


def flagged(facts: Facts) -> str:
    """Difficulties and proposals quoted from the period's updates that raise them (a draft for section V)."""
    quotes = []
    for row in facts.tasks:
        for update in row.updates:
            sentences = [s.strip() for s in re.split(r"(?<=[.;!?])\s+|\n+", update.note_md or "") if s.strip()]
            for sentence in sentences:
                if FLAGS.search(sentence):
                    quotes.append(f"- {update.unit.name} ({_short(row.task.text)}): “{_one_line(sentence)}”")
    return "\n".join(dict.fromkeys(quotes))


def changes_since(previous: dict, current: dict, names: dict[str, str]) -> list[str]:
    """What differs between two compilations of the same period: headline figures, subordinates' reports and
    each task whose state at the cut-off changed (late data)."""
    lines = []
    for scope, label in (("own", "Nhiệm vụ của kế hoạch đơn vị"), ("below", "Nhiệm vụ triển khai ở cấp dưới")):
        before = ((previous.get("tasks") or {}).get(scope)) or {}
        after = ((current.get("tasks") or {}).get(scope)) or {}
        for key in HEADLINES:
            if before.get(key, 0) != after.get(key, 0):
                lines.append(f"{label} {HEADLINE_WORDS[key]}: {before.get(key, 0)} → {after.get(key, 0)}")
    before, after = previous.get("submissions") or {}, current.get("submissions") or {}
    for key, word in (("on_time", "đúng hạn"), ("late", "muộn"), ("missing", "chưa nộp")):
        if before.get(key, 0) != after.get(key, 0):
            lines.append(f"Báo cáo cấp dưới {word}: {before.get(key, 0)} → {after.get(key, 0)}")
    old_states = previous.get("task_states") or {}
    for task_id, state in (current.get("task_states") or {}).items():
        if task_id in old_states and old_states[task_id] != state:
            lines.append(f"“{names.get(task_id, task_id)}”: {HEADLINE_WORDS[old_states[task_id]]} → "
                         f"{HEADLINE_WORDS[state]}")
    if previous.get("updates", 0) != current.get("updates", 0):
        lines.append(f"Số báo cáo tiến độ trong kỳ: {previous.get('updates', 0)} → {current.get('updates', 0)}")
    return lines
