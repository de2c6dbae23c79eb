"""A plan as a .docx laid out like the plans offices issue (same templates as reports): its own text when tracker
holds it, else a text written from its sections, tasks, units and deadlines."""
from __future__ import annotations

import re

from tracker.core.docnumber import DocNumberError, parse_doc_number
from tracker.core.timeutil import today_vn
from tracker.plans.models import ROLE_LABELS
from tracker.reports.docx import ANCHOR, _finish, _render, _signer_lines, current_template, header_lines, place_date
from tracker.reports.docx.markdown_docx import Writer

PLACE_PREFIX = re.compile(r"^(tỉnh|thành phố|phường|xã|đặc khu|thị trấn|quận|huyện|thị xã)\s+", re.IGNORECASE)

PARTY_KINDS = {"party_committee", "party_board"}
_MARKUP = re.compile(r"[#*_`>\s]+")
_RECIPIENTS = re.compile(r"n[ơo]i\s+nh[ậa]n", re.IGNORECASE)


def _plain(line: str) -> str:
    return _MARKUP.sub(" ", line).strip()


def body_of(document) -> str | None:
    """The plan's own text between its title and "Nơi nhận" (the header, title and signature come from the
    template); None when the text has no recognisable "KẾ HOẠCH" line."""
    lines = (document.body_md or "").splitlines()
    word = document.type_label.upper()
    start = next((i for i, line in enumerate(lines) if _plain(line).upper() == word), None)
    if start is None:
        return None
    i = start + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():  # the title paragraph
        i += 1
    end = next((j for j in range(i, len(lines)) if _RECIPIENTS.search(_plain(lines[j]))), len(lines))
    body = "\n".join(lines[i:end]).strip()
    return body or None


def recipients_of(document) -> list[str]:
    """The recorded Nơi nhận, else the list under "Nơi nhận" in the plan's own text."""
    if document.recipients:
        return [r if r.startswith("-") else f"- {r}" for r in document.recipients]
    lines = (document.body_md or "").splitlines()
    start = next((i for i, line in enumerate(lines) if _RECIPIENTS.search(_plain(line))), None)
    found: list[str] = []
    for line in lines[start + 1:] if start is not None else []:
        text = line.strip()
        if text.startswith(("-", "+", "*")) and not text.startswith("**"):
            found.append("- " + text.lstrip("-+* ").strip())
        elif text and found:
            break
    return found


def _draft_symbol(issuer, party: bool) -> str:
    """The symbol a plan not yet numbered will carry: "KH-UBND" (state), "KH/TU" or "KH/ĐU" (party)."""
    if party:
        return "KH/TU" if issuer is not None and issuer.level == "province" else "KH/ĐU"
    if issuer is None or issuer.kind == "people_committee" or not issuer.short_name:
        return "KH-UBND"
    return "KH-" + re.sub(r"\s+", "", issuer.short_name.upper())


def _locality(issuer):
    """The locality an issuer belongs to (itself or its nearest ancestor of kind locality)."""
    unit = issuer
    while unit is not None and unit.kind != "locality":
        unit = unit.parent
    return unit


def _signer_defaults(issuer, party: bool) -> tuple[str, str]:
    """Authority and position when the plan records none (a derived plan): by the issuer's kind and level."""
    if party:
        return ("T/M BAN THƯỜNG VỤ", "BÍ THƯ") if issuer is not None and issuer.level == "province" else \
            ("T/M ĐẢNG ỦY", "BÍ THƯ")
    if issuer is None or issuer.kind == "people_committee":
        return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    return "", "THỦ TRƯỞNG CƠ QUAN"


def _profile(document) -> tuple[str, str]:
    """(profile, number line) from the number's style or, without a number, from the issuer's kind."""
    try:
        number = parse_doc_number(document.number_text or "")
    except DocNumberError:
        number = None
    party = number.style == "party" if number else bool(document.issuer and document.issuer.kind in PARTY_KINDS)
    digits = (number.number if number else None) or "     "
    symbol = number.symbol if number and number.symbol else _draft_symbol(document.issuer, party)
    return ("party", f"Số {digits}-{symbol}") if party else ("state", f"Số: {digits}/{symbol}")


def _generated(writer: Writer, document, groups: list[tuple[str, list]], parents: list, units: dict) -> None:
    if parents:
        cited = "; ".join(f"{p.label} của {p.issuer_name}" if p.issuer_name else p.label for p in parents)
        who = f"{document.issuer_name} " if document.issuer_name else ""
        writer.text(f"Thực hiện {cited}, {who}ban hành Kế hoạch thực hiện như sau:")
    writer.heading("I. NHIỆM VỤ, GIẢI PHÁP")
    number = 0
    for heading, tasks in groups:
        if heading:
            writer.heading(heading, level=3)
        for task in tasks:
            number += 1
            roles: dict[str, list[str]] = {}
            for role, name in units.get(task.id, []):
                roles.setdefault(role, []).append(name)
            who = "; ".join(f"{ROLE_LABELS[r]}: {', '.join(n)}" for r, n in roles.items() if r in ROLE_LABELS)
            deadline = f"{task.due_on:%d/%m/%Y}" if task.due_on else (task.deadline_phrase or "")
            paragraph = writer.paragraph()
            writer.run(paragraph, f"{number}. ", bold=True)
            writer.run(paragraph, task.text)
            details = "; ".join(x for x in (who, f"thời hạn: {deadline}" if deadline else "") if x)
            if details:
                writer.run(paragraph, f" ({details}).", italic=True)
    if not number:
        writer.text("Kế hoạch chưa có nhiệm vụ trên hệ thống.")
    writer.heading("II. TỔ CHỨC THỰC HIỆN")
    writer.text("Các cơ quan, đơn vị được giao chủ trì căn cứ chức năng, nhiệm vụ tổ chức thực hiện, định kỳ báo cáo "
                "kết quả theo quy định.")


def build_plan_docx(document, groups: list[tuple[str, list]], parents: list, who: dict | None = None) -> bytes:
    """The plan in its profile's template. `groups` are (section heading, tasks) in order; `parents` the documents
    it implements; `who` {task id: [(role, name)]} lead first (reports.queries.plan_outline: a group of units is
    one name)."""
    profile, number_line = _profile(document)
    issuer = document.issuer
    upper = issuer.parent.name.upper() if issuer is not None and issuer.parent is not None and \
        issuer.kind not in ("people_committee", "party_committee") and issuer.parent.kind != "locality" else ""
    year = document.issued_on.year if document.issued_on else (document.issued_year or today_vn().year)
    locality = _locality(issuer)
    place = document.place or (PLACE_PREFIX.sub("", locality.name).strip() if locality is not None else "")
    recipients = recipients_of(document) or ["- Như trên;", "- Lưu: VT."]
    authority, position = document.signer_authority or "", document.signer_position or ""
    if not authority and not position:
        authority, position = _signer_defaults(issuer, profile == "party")
    context = {"doc_kind": document.type_label.upper(), "issuer_upper": header_lines(upper),
               "issuer_name": header_lines((document.issuer_name or (issuer.name if issuer else "")).upper()),
               "number_line": number_line, "place_date": place_date(place, document.issued_on, year),
               "title": document.title, "body_anchor": ANCHOR, "recipients": recipients,
               "signer_lines": _signer_lines(authority, position),
               "signer_name": document.signer_name or ""}
    rendered, anchor = _render(current_template(profile), context)
    writer = Writer(rendered, anchor)
    body = body_of(document)
    if body:
        writer.markdown(body)
    else:
        _generated(writer, document, groups, parents, who or {})
    return _finish(rendered, anchor)
