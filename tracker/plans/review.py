"""The import review: the parser's reading turned into an editable view, and the edited form back into a ReviewedPlan.

Nothing here writes to the database: the review page is a form the user corrects; only
`importing.save_reviewed_plan` saves, after confirmation.
"""
from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from tracker.core.datefield import DateInputError, parse_vn_date
from tracker.core.deadlines import DeadlineContext, parse_deadline
from tracker.core.exceptions import DomainError
from tracker.core.inputs import parse_id
from tracker.core.vntext import fold, nfc
from tracker.extensions import db
from tracker.permissions import can_assign_to, can_issue_as, can_report_to
from tracker.plans.importing import CitedDoc, ReviewedPlan, ReviewedSection, ReviewedTask, UnitRef
from tracker.plans.matching import UnitMatcher, match_document, matcher_for, own_units
from tracker.plans.models import DOC_TYPES, RELATION_LABELS, ROLE_LABELS, Document, Task
from tracker.plans.parser import parse_plan
from tracker.plans.review_payload import checked_payload, row_counts, row_index
from tracker.core.timeutil import today_vn
from tracker.units.groups import count_members, group_from_name, group_label
from tracker.units.models import KIND_LABELS, LEVEL_LABELS, Unit
from tracker.units.queries import body_id_of, reading_tree, search_units

BLANK_TASKS = 3  # empty rows offered for tasks the parser missed or a task split in two
BLANK_ASSIGNMENTS = 2
_ID = re.compile(r"\[#(\d+)\]\s*$")  # an older form's "Tên [#82]": still read, never shown
MAX_BODY_UNITS = 1000


def unit_label(unit: Unit) -> str:
    """How a unit appears in the review's unit fields: its name (the id travels in a hidden field beside it)."""
    return unit.name


def unit_options(units: list[Unit]) -> list[list]:
    """[label, id] per unit for the review's unit list: the name, and the body above it where two share a name
    ("Văn phòng — Ủy ban nhân dân phường Vị Khê"), so a pick never needs an internal number."""
    count: dict[str, int] = {}
    for unit in units:
        count[fold(unit.name)] = count.get(fold(unit.name), 0) + 1
    parents = {u.id: u for u in db.session.scalars(select(Unit).where(
        Unit.id.in_({u.parent_id for u in units if u.parent_id and count[fold(u.name)] > 1})))}
    return [[f"{u.name} — {parents[u.parent_id].name}" if count[fold(u.name)] > 1 and u.parent_id in parents
             else u.name, u.id] for u in units]


def picked_unit(value: str, unit_id, units: dict[int, Unit]) -> Unit | None:
    """The unit a review field names: its hidden id when the visible text still names that unit (the user did
    not type another name over it), or an older form's "[#id]"; else None (the text is matched by name)."""
    unit = units.get(unit_id) if unit_id else None
    if unit is not None and fold(value).startswith(fold(unit.name)):
        return unit
    legacy = _ID.search(value or "")
    legacy_id = parse_id(legacy.group(1)) if legacy else None
    return (units.get(legacy_id) or db.session.get(Unit, legacy_id)) if legacy_id else None


def _units_by_id(ids) -> dict[int, Unit]:
    wanted = {i for i in ids if i}
    return {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(wanted)))} if wanted else {}


def match_issuer(name: str | None, user) -> Unit | None:
    """The unit that issued the plan: looked up from the user's own body outwards, then everywhere."""
    if not name:
        return None
    user_unit = db.session.get(Unit, user.unit_id) if getattr(user, "unit_id", None) else None
    found = matcher_for(user_unit).match(name) if user_unit else None
    if found and found.unit:
        return found.unit
    hits = list(db.session.scalars(search_units(name, limit=2, active_only=True)))
    return hits[0] if len(hits) == 1 else None


def body_units(issuer: Unit | None) -> list[Unit]:
    """Units a plan of `issuer` usually assigns: its body's own units and the localities right below it (not
    every commune's units: 2,400 options under a province), capped."""
    if issuer is None:
        return []
    body = body_id_of(issuer.id) or issuer.id
    stmt = own_units(body).limit(MAX_BODY_UNITS)
    return list(db.session.scalars(stmt))


def group_option(written: str, issuer: Unit | None) -> dict:
    """A group the text names, resolved within the issuer's area for the "expand" control: {"group_option":
    "kind/level", "group_label", "group_members"}, or nothing when the phrase names no kind and level."""
    resolved = group_from_name(written)
    area = body_id_of(issuer.id) if issuer else None
    if not resolved or not area:
        return {}
    kind, level = resolved
    return {"group_option": f"{kind}/{level}", "group_label": group_label(kind, level),
            "group_members": count_members(area, kind, level, today_vn())}


def _group_ref(role: str, value: str) -> UnitRef | None:
    """The group a ticked "expand" control names ("kind/level"), checked against the known kinds and levels."""
    kind, _, level = (value or "").partition("/")
    if kind not in KIND_LABELS or level not in LEVEL_LABELS or role not in ROLE_LABELS:
        raise DomainError("Nhóm đơn vị được chọn không hợp lệ.")
    return UnitRef(role, group=(kind, level))


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, date) else (value or "")


def view_from_text(text: str, user, filename: str = "") -> dict:
    """The review view of a plan's text, with units and documents matched where the register allows."""
    with reading_tree():  # it writes nothing: each unit's body is asked once
        return _view_from_text(text, user, filename)


def _view_from_text(text: str, user, filename: str) -> dict:
    parsed = parse_plan(text).to_dict()
    meta = parsed["metadata"]
    issuer = match_issuer(meta.get("issuer_name"), user)
    matcher = matcher_for(issuer) if issuer else None

    def assignment(mention: dict) -> dict:
        row = {"role": mention["role"], "unit": "", "written": mention["name"],
               "is_group": mention.get("is_group", False), "outside": ""}
        found = None if row["is_group"] or matcher is None else matcher.match(mention["name"])
        if found and found.unit and not can_assign_to(user, found.unit):
            row["outside"] = found.unit.name  # a body above or beside the user's: a plan may not assign it
        elif not row["is_group"]:
            row["unit"] = unit_label(found.unit) if found and found.unit else mention["name"]
            row["unit_id"] = found.unit.id if found and found.unit else None
        else:
            row.update(group_option(mention["name"], issuer))
        return row

    cited = []
    for item in parsed["cited_documents"]:
        issued = item.get("issued_on")
        existing = match_document(item["number"], int(issued[:4]) if issued else None)
        relation = "cites" if item.get("basis") == "proposal" else item["relation"]
        cited.append({"include": True, "relation": relation, "doc_type": item["doc_type"] or "CV",
                      "number_text": item.get("suggested_number") or item["number"], "written": item["written"],
                      "original_number": item.get("suggested_number") or item["number"],
                      "issued_on": issued or "", "issuer_name": item.get("issuer_name") or "",
                      "title": item.get("title") or "", "existing_id": existing.id if existing else None,
                      "existing_label": existing.label if existing else "", "lines": item["lines"],
                      "warnings": item.get("warnings") or []})
    upper = upper_tasks([c["existing_id"] for c in cited if c["existing_id"] and c["relation"] == "implements"])
    tasks = []
    for item in parsed["tasks"]:
        deadline = item["deadlines"][0] if item["deadlines"] else None
        assignments = [assignment(a) for a in item["assignments"]]
        tasks.append({"include": True, "merge": False, "section": item["section"], "text": item["text"],
                      "scope": item["scope"], "lines": item["lines"], "assignments": assignments,
                      "deadline_phrase": deadline["phrase"] if deadline else "",
                      "due_on": (deadline or {}).get("due_on") or "",
                      "spec": json.dumps(deadline, ensure_ascii=False) if deadline else "",
                      "implements": suggest_upper_task(item["text"], upper)})
    return {
        "filename": filename, "source": text, "lines": text.split("\n"),
        "meta": {"doc_type": meta.get("doc_type") or "KH", "number_text": meta.get("number") or "",
                 "issued_on": meta.get("issued_on") or "", "issued_year": meta.get("issued_year") or "",
                 "place": meta.get("place") or "", "issuer": unit_label(issuer) if issuer else "",
                 "issuer_id": issuer.id if issuer else None,
                 "issuer_outside": bool(issuer and not can_issue_as(user, issuer)),
                 "issuer_written": meta.get("issuer_name") or "", "title": meta.get("title") or "",
                 "signer_authority": " / ".join(meta["signer"]["authority"]),
                 "signer_position": meta["signer"].get("position") or "",
                 "signer_name": meta["signer"].get("name") or "", "source_lines": meta.get("source_lines") or {}},
        "cited": cited, "tasks": tasks,
        "sections": [{"number": s["number"] or "", "title": s["title"], "parent": s["parent"],
                      "lines": s["lines"], "kind": s["kind"]} for s in parsed["sections"]],
        "duties": duty_suggestions(parsed["duties"], matcher, meta.get("issued_year"), user),
        "recipients": [r["name"] for r in parsed["recipients"]] + ([parsed["archive"]["text"]] if parsed.get("archive")
                                                                  else []),
        "warnings": parsed["warnings"], "footnotes": parsed["footnotes"],
        "unit_options": unit_options(body_units(issuer)),
        "upper_tasks": [[t["id"], t["label"]] for t in upper],
    }


_SCHEDULE_OF = {"quarter": "quarter", "half_year": "half", "nine_months": "nine_months", "year": "year"}


def duty_suggestions(duties: list[dict], matcher: UnitMatcher | None, year: int | None, user) -> list[dict]:
    """Reporting duties the text states, as duties tracker can create (ad hoc ones are requested later); one whose
    receiver or owners `user` may not name (outside their body, not above it) is shown but cannot be kept."""
    suggestions = []

    def first_match(mentions: list[dict]) -> Unit | None:
        for mention in mentions:
            found = matcher.match(mention["name"]) if matcher and not mention.get("is_group") else None
            if found and found.unit:
                return found.unit
        return None

    for duty in duties:
        if duty["what"] == "ad_hoc":
            continue
        when = duty.get("when") or {}
        recipient, via = first_match(duty["to"]), first_match(duty["via"])
        group = not duty["reporters"] or any(r.get("is_group") for r in duty["reporters"])
        owners = [] if group else [u for u in (first_match([r]) for r in duty["reporters"]) if u]
        if when.get("kind") == "recurring":
            schedules = [_SCHEDULE_OF[p] for p in when.get("periods") or [] if p in _SCHEDULE_OF]
        else:
            schedules = ["once"] if when.get("due_on") else []
        problem = ("chưa xác định được nơi nhận báo cáo" if recipient is None else
                   "chưa có hạn hoặc kỳ báo cáo" if not schedules else
                   "chưa xác định được đơn vị phải báo cáo" if not group and not owners else
                   "nơi nhận báo cáo không phải cơ quan của bạn hay cơ quan cấp trên"
                   if not all(can_report_to(user, u) for u in filter(None, (recipient, via))) else
                   "có đơn vị phải báo cáo nằm ngoài phạm vi cơ quan của bạn"
                   if not all(can_assign_to(user, u) for u in owners) else "")
        suggestions.append({
            "phrase": duty["phrase"], "lines": duty["lines"], "kind": "plan" if duty["what"] == "plan" else "periodic",
            "schedules": schedules, "due_on": when.get("due_on"), "first_year": year,
            "recipient_id": recipient.id if recipient else None, "recipient": recipient.name if recipient else "",
            "via_id": via.id if via else None, "via": via.name if via else "",
            "owner_ids": [u.id for u in owners], "owners": [u.name for u in owners] if owners else [],
            "problem": problem, "include": not problem})
    return suggestions


def upper_tasks(document_ids: list[int]) -> list[dict]:
    """Tasks of the plans this one implements, with their words, to suggest which one each new task carries out."""
    if not document_ids:
        return []
    rows = db.session.execute(select(Task.id, Task.position, Task.text, Document.number_text, Document.issuer_name)
                              .join(Document, Document.id == Task.document_id)
                              .where(Task.document_id.in_(document_ids)).order_by(Task.document_id, Task.position))
    return [{"id": i, "words": set(fold(text).split()) - _STOP,
             "label": f"{number or issuer} — NV {position + 1}: {text[:90]}"} for i, position, text, number, issuer in rows]


_STOP = set("va cua cac trong cong tac thuc hien theo quy dinh de nhung voi tren dia ban nhat la".split())


def suggest_upper_task(text: str, upper: list[dict]) -> int | None:
    """The upper task sharing most words with `text` (Jaccard ≥ 0.2), or None."""
    words = set(fold(text).split()) - _STOP
    best, score = None, 0.2
    for candidate in upper:
        union = words | candidate["words"]
        value = len(words & candidate["words"]) / len(union) if union else 0
        if value >= score:
            best, score = candidate["id"], value
    return best


def _date(value: str, label: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return parse_vn_date(value)
    except DateInputError as error:
        raise DomainError(f"{label}: {error}") from error


def _unit_ref(role: str, value: str, unit_id, matcher: UnitMatcher | None) -> UnitRef | None:
    value = nfc(value)
    if not value:
        return None
    if role not in ROLE_LABELS:
        raise DomainError("Vai trò của đơn vị không hợp lệ.")
    if unit_id:
        return UnitRef(role, unit_id=unit_id)
    picked = _ID.search(value)
    if picked:
        if parse_id(picked.group(1)) is None:
            raise DomainError(f"Đơn vị “{_ID.sub('', value).strip()}” không có trong danh mục.")
        return UnitRef(role, unit_id=parse_id(picked.group(1)))
    found = matcher.match(value) if matcher else None
    if found and found.unit:
        return UnitRef(role, unit_id=found.unit.id)
    return UnitRef(role, new_name=value)


def view_from_form(form: MultiDict) -> dict:
    """Rebuild the review view from a submitted review form (to show it again with an error message)."""
    payload = checked_payload(form.get("payload"))
    view = {**payload, "source": form.get("source", ""), "lines": form.get("source", "").split("\n"),
            "meta": {k: form.get(f"meta-{k}", "") for k in ("doc_type", "number_text", "issued_on", "issued_year",
                                                           "place", "issuer", "title", "signer_authority",
                                                           "signer_position", "signer_name")}}
    view["meta"]["issuer_written"] = payload.get("issuer_written", "")
    view["meta"]["source_lines"] = payload.get("meta_lines", {})
    counts = row_counts(form)
    sent_ids = {key: parse_id(form.get(key)) for key in ["meta-issuer_id"] + [
        f"t-{i}-a-{j}-unit_id" for i, acount in enumerate(counts) for j in range(acount)]}
    units = _units_by_id(sent_ids.values())
    issuer = picked_unit(view["meta"]["issuer"], sent_ids["meta-issuer_id"], units)
    view["meta"]["issuer_id"] = issuer.id if issuer else None
    view["cited"] = [{**c, **{k: form.get(f"c-{i}-{k}", "") for k in ("relation", "doc_type", "number_text",
                                                                       "issued_on", "issuer_name", "title")},
                      "include": bool(form.get(f"c-{i}-include"))} for i, c in enumerate(payload.get("cited", []))]
    tasks = []
    for i, acount in enumerate(counts):
        base = payload["tasks"][i] if i < len(payload.get("tasks", [])) else {"lines": [], "spec": ""}
        assignments = []
        for j in range(acount):
            value = form.get(f"t-{i}-a-{j}-unit", "")
            unit = picked_unit(value, sent_ids[f"t-{i}-a-{j}-unit_id"], units)
            assignments.append({"role": form.get(f"t-{i}-a-{j}-role", "lead"),
                                "unit": unit.name if unit and _ID.search(value) else value,
                                "unit_id": unit.id if unit else None, "written": "",
                                "group": form.get(f"t-{i}-a-{j}-expand", "")[:60]})
        for a in assignments:  # a ticked "expand" control stays ticked when the page comes back with an error
            if a["group"]:
                kind, _, level = a["group"].partition("/")
                a.update(is_group=True, group_option=a["group"], group_label=group_label(kind, level))
        tasks.append({**base, "include": bool(form.get(f"t-{i}-include")), "merge": bool(form.get(f"t-{i}-merge")),
                      "section": row_index(form.get(f"t-{i}-section")),
                      "text": form.get(f"t-{i}-text", ""), "assignments": assignments,
                      "deadline_phrase": form.get(f"t-{i}-deadline_phrase", ""),
                      "due_on": form.get(f"t-{i}-due_on", ""),
                      "implements": parse_id(form.get(f"t-{i}-implements"))})
    view["tasks"] = tasks
    view["duties"] = [{**d, "include": bool(form.get(f"d-{i}-include")) and not d.get("problem")}
                      for i, d in enumerate(payload.get("duties", []))]
    view["recipients"] = [r for r in form.get("recipients", "").split("\n") if r.strip()]
    return view


def reviewed_from_form(form: MultiDict, user) -> ReviewedPlan:
    """The plan the user confirmed; DomainError with a Vietnamese message for anything unusable."""
    return reviewed_from_view(view_from_form(form), user)


def server_duties(view: dict, issuer: Unit | None, year: int | None, user) -> list[dict]:
    """The reporting duties to create: read again here from the reviewed text and matched on the server against the
    confirmed issuer; the browser only says which of them (by position) the user kept."""
    sent = view.get("duties")
    kept = {i for i, d in enumerate(sent if isinstance(sent, list) else []) if isinstance(d, dict) and d.get("include")}
    if not kept:
        return []
    parsed = parse_plan(view["source"]).to_dict()
    suggestions = duty_suggestions(parsed["duties"], UnitMatcher(issuer) if issuer else None, year, user)
    return [d for i, d in enumerate(suggestions) if i in kept and not d["problem"]]


def reviewed_from_view(view: dict, user) -> ReviewedPlan:
    """A review view (edited by a user, or as read for a bulk import) as the plan to save."""
    meta = view["meta"]
    if meta["doc_type"] not in DOC_TYPES:
        raise DomainError("Loại văn bản không hợp lệ.")
    issuer = db.session.get(Unit, meta["issuer_id"]) if meta.get("issuer_id") else None
    if issuer is None and _ID.search(meta["issuer"] or ""):
        raise DomainError(f"Cơ quan ban hành “{_ID.sub('', meta['issuer']).strip()}” không có trong danh mục.")
    if issuer is None and not nfc(meta["issuer"]):
        raise DomainError("Hãy chọn cơ quan ban hành kế hoạch.")
    year = str(meta["issued_year"] or "").strip()
    if year and not (year.isascii() and year.isdigit() and len(year) == 4):
        raise DomainError("Năm ban hành phải là số, ví dụ 2026.")
    matcher = UnitMatcher(issuer) if issuer else None
    context = DeadlineContext.from_text(view["source"], int(year) if year else None)
    plan = ReviewedPlan(
        doc_type=meta["doc_type"], number_text=meta["number_text"] or None,
        issued_on=_date(meta["issued_on"], "Ngày ban hành"), issued_year=int(year) if year else None,
        place=meta["place"] or None, issuer_id=issuer.id if issuer else None,
        issuer_name=None if issuer else nfc(meta["issuer"]), title=meta["title"],
        signer_authority=meta["signer_authority"] or None, signer_position=meta["signer_position"] or None,
        signer_name=meta["signer_name"] or None, body_text=view["source"], recipients=view["recipients"],
        duties=server_duties(view, issuer, int(year) if year else None, user))
    for c in view["cited"]:
        if not c["include"]:
            continue
        if c["relation"] not in RELATION_LABELS:
            raise DomainError("Quan hệ với văn bản được trích dẫn không hợp lệ.")
        plan.cited.append(CitedDoc(c["relation"], c["doc_type"] or "CV", c["number_text"] or None,
                                   _date(c["issued_on"], f"Ngày của văn bản {c['number_text']}"),
                                   c["issuer_name"], c["title"],
                                   c.get("existing_id") if c["number_text"] == c.get("original_number") else None))
    plan.sections = [ReviewedSection(s["number"], s["title"], s["parent"]) for s in view.get("sections", [])]
    for n, t in enumerate(view["tasks"]):
        text = nfc(t["text"])
        if not t["include"] or not text:
            continue
        if t["merge"] and plan.tasks:
            plan.tasks[-1].text += "\n" + text
            plan.tasks[-1].source_lines = sorted(set(plan.tasks[-1].source_lines) | set(t.get("lines") or []))
            continue
        refs = [r for r in (_group_ref(a["role"], a["group"]) if a.get("group") else
                            _unit_ref(a["role"], a["unit"], a.get("unit_id"), matcher) for a in t["assignments"]) if r]
        phrase = nfc(t["deadline_phrase"])
        spec = json.loads(t["spec"]) if t.get("spec") and json.loads(t["spec"]).get("phrase") == phrase else None
        if phrase and spec is None:
            parsed = parse_deadline(phrase, context)
            spec = parsed.to_dict() if parsed else {"kind": "text", "phrase": phrase}
        due = _date(t["due_on"], f"Hạn của nhiệm vụ {n + 1}")
        if due is None and spec and spec.get("due_on"):
            due = date.fromisoformat(spec["due_on"])
        plan.tasks.append(ReviewedTask(
            text=text, section_index=t["section"], scope="unit" if refs else "general",
            deadline_phrase=phrase or None, deadline_kind=(spec or {}).get("kind"), due_on=due,
            deadline_spec=spec, assignments=refs, source_lines=list(t.get("lines") or []),
            implements_task_id=t.get("implements")))
    return plan


def payload_of(view: dict) -> str:
    """What the review form carries unchanged between requests (sections, matches, source lines)."""
    return json.dumps({
        "filename": view.get("filename", ""), "issuer_written": view["meta"].get("issuer_written", ""),
        "meta_lines": view["meta"].get("source_lines", {}),
        "cited": [{"existing_id": c.get("existing_id"), "existing_label": c.get("existing_label", ""),
                   "original_number": c["number_text"], "written": c.get("written", ""), "lines": c.get("lines"),
                   "warnings": c.get("warnings", [])} for c in view["cited"]],
        "sections": view.get("sections", []),
        "tasks": [{"lines": t.get("lines") or [], "spec": t.get("spec", ""), "scope": t.get("scope", "unit")}
                  for t in view["tasks"]],
        "duties": view.get("duties", []), "warnings": view.get("warnings", []),
        "unit_options": view.get("unit_options", []), "upper_tasks": view.get("upper_tasks", []),
    }, ensure_ascii=False)
