"""Turn the compiled facts into a draft: header fields, the Markdown of sections I–II and the figures' snapshot."""
from __future__ import annotations

import re
from datetime import date

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.vntext import nfc
from tracker.plans.models import Document
from tracker.reports.facts import HEADLINES, Facts, TaskFacts, below_totals, headline_totals
from tracker.units.models import Unit

PARTY_KINDS = {"party_committee", "party_board"}
HEADLINE_WORDS = {"done_on_time": "hoàn thành đúng hạn", "done_late": "hoàn thành quá hạn",
                  "open_in_time": "đang thực hiện trong hạn", "open_overdue": "chưa hoàn thành, quá hạn",
                  "request_overdue": "đề nghị chưa hoàn thành, quá hạn"}
PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|quận|huyện|thị xã)\s+", re.IGNORECASE)
NOTE_LIMIT = 1200


def profile_of(unit: Unit) -> str:
    """The issuer type decides the format: party bodies follow HD 36-HD/VPTW, the others NĐ 30/2020."""
    return "party" if unit.kind in PARTY_KINDS else "state"


def _issuer_code(plans: list[Document], profile: str, unit: Unit) -> str:
    for plan in reversed(plans):
        try:
            number = parse_doc_number(plan.number_text or "")
        except DocNumberError:
            continue
        if number.style == profile and number.issuer_code:
            return number.issuer_code
    if profile == "party":
        return "TU" if unit.level == "province" else "ĐU"
    return "UBND" if unit.kind == "people_committee" else "VP"


def _date(day) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _doc_ref(document: Document) -> str:
    """"Kế hoạch số 160/KH-UBND ngày 13/05/2026 của Ủy ban nhân dân tỉnh Ninh Bình"."""
    issuer = f" của {document.issuer_name}" if document.issuer_name else ""
    return f"{document.label}{issuer}"


def period_phrase(facts: Facts) -> str:
    expected = facts.expected
    return "" if facts.duty.schedule == "once" else _lower_first(expected.period_label)


def header_fields(facts: Facts) -> dict:
    """Issuer lines, number symbol, place, title, signer and Nơi nhận, pre-filled from the duty and the body."""
    unit = facts.expected.unit
    profile = profile_of(unit)
    code = _issuer_code(facts.own_plans, profile, unit)
    parent = unit.parent if unit.parent_id else None
    if profile == "party":
        upper = f"ĐẢNG BỘ {facts.body.parent.name.upper()}" if facts.body.parent and unit.kind == "party_committee" \
            and facts.body.parent.kind == "locality" and facts.body.parent.level != "central" else \
            (parent.name.upper() if parent is not None and unit.kind == "party_board" else "")
        authority, position = ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") if unit.level == "province" else ("T/M ĐẢNG ỦY", "BÍ THƯ")
    else:
        upper = "" if unit.kind == "people_committee" or parent is None or parent.kind == "locality" \
            else parent.name.upper()
        authority, position = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH") if unit.kind == "people_committee" else \
            ("", "THỦ TRƯỞNG CƠ QUAN")
    signer = next((p for p in reversed(facts.own_plans) if p.signer_authority or p.signer_position), None)
    phrase = period_phrase(facts)
    directive = facts.directive
    title = f"Kết quả thực hiện {directive.label} của {directive.issuer_name}" if directive.issuer_name else \
        f"Kết quả thực hiện {directive.label}"
    if phrase:
        title += f", {phrase}"
    duty = facts.duty
    recipients = [f"- {duty.recipient.name}" + (f" (qua {duty.via.name})" if duty.via else "") + ";"]
    recipients.append("- Lưu: VT.")
    return {
        "profile": profile,
        "symbol": f"BC/{code}" if profile == "party" else f"BC-{code}",
        "issuer_upper": upper,
        "issuer_name": unit.name.upper(),
        "place": PLACE_PREFIX.sub("", facts.body.name).strip() if facts.body.kind == "locality" else "",
        "title": nfc(title),
        "signer_authority": (signer.signer_authority if signer else authority) or "",
        "signer_position": (signer.signer_position if signer else position) or "",
        "signer_name": (signer.signer_name if signer else "") or "",
        "recipients_md": "\n".join(recipients),
    }


def opening(facts: Facts) -> str:
    expected = facts.expected
    cited = [_doc_ref(facts.upper)] + [_doc_ref(p) for p in facts.own_plans]
    what = period_phrase(facts) or "triển khai"
    return (f"Thực hiện {'; '.join(cited)}, {expected.unit.name} báo cáo kết quả thực hiện {what} "
            f"(số liệu từ ngày {_date(expected.start_on)} đến ngày {_date(expected.end_on)}) như sau:")


def deployment(facts: Facts) -> str:
    """Section I: the body's own plans, who got tasks, and which subordinate bodies issued plans."""
    lines = ["**1. Việc ban hành kế hoạch, văn bản triển khai**", ""]
    name = facts.expected.unit.name
    if facts.own_plans:
        for plan in facts.own_plans:
            lines.append(f"- {name} đã ban hành {plan.label} về {_lower_first(plan.title)}.")
    else:
        lines.append(f"- {name} chưa ban hành kế hoạch riêng; các nhiệm vụ báo cáo dưới đây là nhiệm vụ được giao "
                     f"tại {_doc_ref(facts.upper)}.")
    leads: dict[str, int] = {}
    for row in facts.tasks:
        for role in row.roles:
            if role.role == "lead":
                leads[role.unit_name] = leads.get(role.unit_name, 0) + 1
    if leads:
        listed = "; ".join(f"{unit} ({count})" for unit, count in leads.items())
        lines.append(f"- Số nhiệm vụ theo dõi: {len(facts.tasks)}; đơn vị chủ trì (số nhiệm vụ): {listed}.")
    if facts.bodies:
        issued = [b for b in facts.bodies if b.plans]
        missing = [b for b in facts.bodies if not b.plans]
        share = f"{len(issued)}/{len(facts.bodies)}"
        lines += ["", "**2. Việc triển khai ở cấp dưới**", "",
                  f"{share} cơ quan, địa phương trực thuộc đã ban hành kế hoạch thực hiện:", ""]
        for body in issued:
            plans = "; ".join(f"{p.label}" for p in body.plans)
            lines.append(f"- {body.body.name}: {plans}.")
        if missing:
            lines += ["", f"Chưa ban hành kế hoạch ({len(missing)}): " + ", ".join(b.body.name for b in missing) + "."]
    lines += _submitted(facts.submissions, 3 if facts.bodies else 2)
    return "\n".join(lines)


def _submitted(submissions: dict | None, number: int) -> list[str]:
    """Subordinates' reports for the period: figures, then the names of the late and the missing."""
    if not submissions:
        return []
    line = (f"Cơ quan, đơn vị cấp dưới phải báo cáo: {submissions['expected']}; đã báo cáo đúng hạn: "
            f"{submissions['on_time']}; báo cáo muộn: {submissions['late']}; chưa báo cáo (đã quá hạn): "
            f"{submissions['missing']}" + (f"; chưa đến hạn: {submissions['pending']}" if submissions['pending'] else "")
            + ".")
    lines = ["", f"**{number}. Việc báo cáo của cấp dưới**", "", line]
    if submissions.get("late_names"):
        lines += ["", "Báo cáo muộn: " + _names(submissions["late_names"], 30) + "."]
    if submissions.get("missing_names"):
        lines += ["", "Chưa báo cáo: " + _names(submissions["missing_names"], 30) + "."]
    return lines


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


def facts_snapshot(facts: Facts) -> dict:
    """The figures kept with the report (JSON): shown as tables in the page and the .docx, never retyped."""
    expected = facts.expected
    with_plan = sum(1 for b in facts.bodies if b.plans)
    return {
        "period": {"key": expected.period_key, "label": expected.period_label,
                   "start": expected.start_on.isoformat(), "end": expected.end_on.isoformat(),
                   "due": expected.due_on.isoformat()},
        "as_of": (facts.cutoff or facts.today).isoformat(),
        "compiled_on": facts.today.isoformat(),
        "task_states": {str(r.task.id): r.headline for r in facts.tasks},
        "late_entries": len(facts.late),
        "own_plans": [p.label for p in facts.own_plans],
        "from_upper": facts.from_upper,
        "tasks": {"own": headline_totals(facts.tasks), "below": below_totals(facts.tasks)} if facts.tasks else None,
        "updates": sum(len(r.updates) for r in facts.tasks),
        "bodies": {"total": len(facts.bodies), "with_plan": with_plan} if facts.bodies else None,
        "submissions": facts.submissions,
        "has_data": facts.has_data,
    }


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


def _note(facts: Facts, snapshot: dict) -> str:
    """The closing note of section II: the cut-off, data entered after it, and what changed since last time."""
    cutoff = facts.cutoff or facts.today
    end = facts.expected.end_on
    parts = [f"*Số liệu tính đến hết ngày {_date(cutoff)} (ngày chốt số liệu của kỳ báo cáo).*" if cutoff >= end else
             f"*Số liệu tính đến hết ngày {_date(cutoff)}; kỳ báo cáo chưa kết thúc (ngày chốt số liệu: "
             f"{_date(end)}), hãy tổng hợp lại sau ngày chốt.*"]
    if facts.late:
        parts.append(f"*Có {len(facts.late)} cập nhật của kỳ được nhập sau ngày chốt số liệu (nhập muộn) và đã được "
                     f"tính vào báo cáo.*")
    changes = snapshot.get("changes")
    if changes:
        parts.append(f"*So với lần tổng hợp ngày {_date(date.fromisoformat(changes['since']))}, số liệu thay đổi do "
                     f"dữ liệu nhập muộn:*")
        parts.append("\n".join(f"- {line}" for line in changes["lines"]))
    return "\n\n".join(parts)


def _proposals(facts: Facts) -> str:
    quoted = flagged(facts)
    if not quoted:
        return ""
    return "Khó khăn, vướng mắc và kiến nghị các đơn vị nêu trong báo cáo tiến độ (để tổng hợp):\n\n" + quoted


def draft_content(facts: Facts, previous: dict | None = None) -> dict:
    """Every field of a freshly compiled draft; `previous` (the figures of the last compilation) adds what
    changed since."""
    fields = header_fields(facts)
    snapshot = facts_snapshot(facts)
    if previous:
        names = {str(r.task.id): _one_line(r.task.text)[:80] for r in facts.tasks}
        lines = changes_since(previous, snapshot, names)
        if lines:
            snapshot["changes"] = {"since": previous.get("compiled_on") or previous.get("as_of"), "lines": lines}
    body = results(facts)
    fields.update(opening_md=opening(facts), deployment_md=deployment(facts),
                  results_md=f"{body}\n\n{_note(facts, snapshot)}", assessment_md="", direction_md="",
                  proposals_md=_proposals(facts), facts=snapshot)
    return fields
