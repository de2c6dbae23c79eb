"""Turn the compiled facts into a draft: header fields, the Markdown of sections I–II and the figures' snapshot."""
from __future__ import annotations

import re

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.vntext import nfc
from tracker.core.workdays import effective_due_note
from tracker.plans.models import ROLE_LABELS, Document
from tracker.reports.queries import HEADLINES, Facts, TaskFacts, below_totals, headline_totals
from tracker.tasks.deadlines import STATE_LABELS
from tracker.tasks.models import STATUS_LABELS
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
    return "\n".join(lines)


def _one_line(markdown: str) -> str:
    text = " ".join(markdown.split())
    return text if len(text) <= NOTE_LIMIT else text[:NOTE_LIMIT].rsplit(" ", 1)[0] + " …"


def _names(names: list[str], shown: int = 6) -> str:
    """"A, B, C" or, for a task given to a hundred communes, "A, B, … và 94 đơn vị khác"."""
    if len(names) <= shown + 1:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" và {len(names) - shown} đơn vị khác"


def _task_block(number: int, row: TaskFacts) -> list[str]:
    task = row.task
    roles: dict[str, list[str]] = {}
    for role in row.roles:
        roles.setdefault(role.role, []).append(role.unit_name)
    who = "; ".join(f"{ROLE_LABELS[r]}: {_names(names)}" for r, names in roles.items() if r in ROLE_LABELS)
    deadline = (_date(task.due_on) + effective_due_note(task.due_on) if task.due_on
                else (task.deadline_phrase or "không ghi thời hạn"))
    lines = [f"**Nhiệm vụ {number}.** {_one_line(task.text)} *({who}; thời hạn: {deadline})*", ""]
    status = STATUS_LABELS.get(task.status, task.status)
    progress = f", {task.progress}%" if task.progress and task.status != "done" else ""
    lines += [f"*Tình hình:* {status}{progress} – {STATE_LABELS.get(row.state, row.state).lower()}.", ""]
    if row.updates:
        for update in row.updates:
            lines.append(f"- *{update.unit.name} ({_date(update.reported_on)}):* {_one_line(update.note_md)}")
    else:
        lines.append("- Không có báo cáo tiến độ trong kỳ.")
    lines.append("")
    if row.below:
        total = sum(row.below.values())
        parts = ", ".join(f"{row.below[h]} {HEADLINE_WORDS[h]}" for h in HEADLINES if row.below.get(h))
        lines += [f"*Cấp dưới:* {total} nhiệm vụ tại {row.below_plans} kế hoạch triển khai: {parts}.", ""]
    return lines


def results(facts: Facts) -> str:
    """Section II: per section of the plan, per lead unit, each task with its status, the period's updates and
    the roll-up of the tasks derived from it."""
    if not facts.tasks:
        return ("Trong kỳ báo cáo, tracker chưa ghi nhận nhiệm vụ nào của đơn vị thuộc kế hoạch này "
                "(chưa có kế hoạch hoặc chưa giao nhiệm vụ).")
    lines: list[str] = []
    section_key, unit_key, number = object(), object(), 0
    for row in facts.tasks:
        section = row.section
        key = section.id if section else None
        if key != section_key:
            section_key, unit_key = key, object()
            heading = f"{section.number} {section.title}".strip() if section else "Nhiệm vụ chung"
            lines += [f"### {heading}", ""]
        lead = next((r.unit_name for r in row.roles if r.role == "lead"), None) or \
            next((r.unit_name for r in row.roles), "Chưa giao đơn vị")
        if lead != unit_key:
            unit_key = lead
            lines += [f"#### {lead}", ""]
        number += 1
        lines += _task_block(number, row)
    return "\n".join(lines).strip()


def facts_snapshot(facts: Facts) -> dict:
    """The figures kept with the report (JSON): shown as tables in the page and the .docx, never retyped."""
    expected = facts.expected
    with_plan = sum(1 for b in facts.bodies if b.plans)
    return {
        "period": {"key": expected.period_key, "label": expected.period_label,
                   "start": expected.start_on.isoformat(), "end": expected.end_on.isoformat(),
                   "due": expected.due_on.isoformat()},
        "as_of": facts.today.isoformat(),
        "own_plans": [p.label for p in facts.own_plans],
        "from_upper": facts.from_upper,
        "tasks": {"own": headline_totals(facts.tasks), "below": below_totals(facts.tasks)} if facts.tasks else None,
        "updates": sum(len(r.updates) for r in facts.tasks),
        "bodies": {"total": len(facts.bodies), "with_plan": with_plan} if facts.bodies else None,
        "submissions": facts.submissions,
        "has_data": facts.has_data,
    }


def draft_content(facts: Facts) -> dict:
    """Every field of a freshly compiled draft."""
    fields = header_fields(facts)
    fields.update(opening_md=opening(facts), deployment_md=deployment(facts), results_md=results(facts),
                  assessment_md="", direction_md="", proposals_md="", facts=facts_snapshot(facts))
    return fields
