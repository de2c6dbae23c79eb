"""Turn the compiled facts into a draft: header fields, the Markdown of sections I–II and the figures' snapshot."""
from __future__ import annotations

import re
from datetime import date

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.vntext import nfc
from tracker.plans.models import Document
from tracker.reports.facts import Facts, below_totals, headline_totals
from tracker.reports.narrative import _date, _names, _one_line, changes_since, flagged, results
from tracker.units.models import Unit

PARTY_KINDS = {"party_committee", "party_board"}
ANNEX_AFTER = 10  # more subordinate bodies than this: their list goes to an annex table
ANNEX_NAMES = 30
PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|quận|huyện|thị xã)\s+", re.IGNORECASE)


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
        lines += ["", "**2. Việc triển khai ở cấp dưới**", ""]
        if len(facts.bodies) > ANNEX_AFTER:  # a province: the list goes to the annex, the text keeps the figures
            lines.append(f"{share} cơ quan, địa phương trực thuộc đã ban hành kế hoạch thực hiện; "
                         f"{len(missing)} chưa ban hành (danh sách tại Phụ lục kèm theo).")
        else:
            lines += [f"{share} cơ quan, địa phương trực thuộc đã ban hành kế hoạch thực hiện:", ""]
            for body in issued:
                plans = "; ".join(f"{p.label}" for p in body.plans)
                lines.append(f"- {body.body.name}: {plans}.")
            if missing:
                lines += ["", f"Chưa ban hành kế hoạch ({len(missing)}): " + ", ".join(b.body.name for b in missing)
                          + "."]
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
    for key, label in (("late_names", "Báo cáo muộn"), ("missing_names", "Chưa báo cáo")):
        names = submissions.get(key) or []
        if len(names) > ANNEX_NAMES:
            lines += ["", f"{label}: {len(names)} đơn vị (danh sách tại Phụ lục kèm theo)."]
        elif names:
            lines += ["", f"{label}: " + ", ".join(names) + "."]
    return lines


def annex(facts: Facts) -> dict | None:
    """The long lists of a province's report, as annex tables: subordinate bodies and their plans, late and missing
    reports. None for a short report (the text names them)."""
    out = {}
    if len(facts.bodies) > ANNEX_AFTER:
        out["bodies"] = [[b.body.name, "; ".join(p.label for p in b.plans) or "Chưa ban hành"] for b in facts.bodies]
    submissions = facts.submissions or {}
    if len(submissions.get("late_names") or []) + len(submissions.get("missing_names") or []) > ANNEX_NAMES:
        out["reports"] = [[name, "Báo cáo muộn"] for name in submissions.get("late_names") or []] + \
            [[name, "Chưa báo cáo"] for name in submissions.get("missing_names") or []]
    return out or None


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
        "annex": annex(facts),
    }


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
