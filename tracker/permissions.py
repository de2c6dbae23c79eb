"""Every access rule, as can_<verb>_<noun>(user, obj) predicates; templates call these too."""
from __future__ import annotations

from typing import Any

EDITOR_ROLES = {"admin", "secretariat", "monitor"}


def _role(user: Any) -> str | None:
    return getattr(user, "role", None) if getattr(user, "is_authenticated", False) else None


def is_admin(user: Any) -> bool:
    return _role(user) == "admin"


def can_manage_units(user: Any) -> bool:
    """Create, rename, move, retire units and record aliases: admins only."""
    return is_admin(user)


def can_manage_users(user: Any) -> bool:
    return is_admin(user)


def can_view_audit(user: Any) -> bool:
    return is_admin(user)


def can_create_document(user: Any) -> bool:
    """Secretariats draft and register documents; monitors and admins may too."""
    return _role(user) in EDITOR_ROLES


def can_import_plan(user: Any) -> bool:
    """Secretariats (and monitors, admins) import plans; the review step saves nothing until confirmed."""
    return _role(user) in EDITOR_ROLES


def can_view_document(user: Any, document: Any) -> bool:
    """Read a document, its tasks and units, its .docx: a public document, anyone; otherwise the issuer's body
    and everyone in it, the bodies above the issuer, and the units it assigns or lists in Nơi nhận (with the
    units below them). The same rule runs in SQL for lists (plans.queries.visible_documents_clause)."""
    if _role(user) is None:
        return False
    from tracker.plans.queries import document_visible

    return document_visible(user, document)


def can_edit_document(user: Any, document: Any) -> bool:
    """Admins edit any document; secretariats and monitors those they registered or their unit issued."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in EDITOR_ROLES:
        return False
    if document.created_by_id == user.id:
        return True
    from tracker.units.queries import body_id_of, is_within

    body = body_id_of(user.unit_id) if user.unit_id else None
    return bool(body and document.issuer_id and is_within(document.issuer_id, body))


def can_link_documents(user: Any, document: Any) -> bool:
    return can_edit_document(user, document)


def _body_of(user: Any) -> int | None:
    from tracker.units.queries import body_id_of

    return body_id_of(user.unit_id) if getattr(user, "unit_id", None) else None


def _within_own_body(user: Any, unit_id: int) -> bool:
    """Whether the unit lies in the user's body subtree; remembered for the request (or app context), so a review
    page checking the same few units on hundreds of tasks asks the database once per unit."""
    from flask import g

    from tracker.units.queries import is_within

    cache = g.setdefault("within_own_body", {})
    key = (getattr(user, "id", None), getattr(user, "unit_id", None), unit_id)
    if key not in cache:
        body = _body_of(user)
        cache[key] = bool(body and is_within(unit_id, body))
    return cache[key]


def can_issue_as(user: Any, unit: Any) -> bool:
    """Save a plan (a document with its text or tasks) as issued by `unit`: admins for any unit; other editors
    only for units of their own body's subtree (a ward's secretariat cannot issue a plan of the Politburo)."""
    role = _role(user)
    if role == "admin":
        return True
    return role in EDITOR_ROLES and unit is not None and _within_own_body(user, unit.id)


def can_assign_to(user: Any, unit: Any) -> bool:
    """Give `unit` a task (lead, coordinate, request) or make it owe reports: admins for any unit; other editors
    only units of their own body's subtree (a plan may ask a higher body nothing)."""
    return can_issue_as(user, unit)


def can_report_to(user: Any, unit: Any) -> bool:
    """Name `unit` as the receiver (or relay) of reports a plan requires: a unit of the user's own body's subtree,
    or a unit of a body above it (a ward reports to the province's Ban Nội chính), never a sibling's."""
    if can_issue_as(user, unit):
        return True
    if _role(user) not in EDITOR_ROLES or unit is None:
        return False
    from tracker.units.queries import body_id_of, is_within

    from flask import g

    cache = g.setdefault("reports_upward", {})
    key = (getattr(user, "id", None), getattr(user, "unit_id", None), unit.id)
    if key not in cache:
        own, theirs = _body_of(user), body_id_of(unit.id)
        cache[key] = bool(own and theirs and theirs != own and is_within(own, theirs))
    return cache[key]


def can_register_document(user: Any, issuer: Any, has_text: bool) -> bool:
    """Register (or edit into) a document of `issuer`: with its text (a plan that can carry tasks) only as
    can_issue_as allows; a bare reference (number, date, title: the upper document a plan implements) may also
    name a body above the user's, or an issuer written as text; never a sibling body's unit."""
    if is_admin(user):
        return True
    if _role(user) not in EDITOR_ROLES:
        return False
    if has_text:
        return can_issue_as(user, issuer)
    return issuer is None or can_report_to(user, issuer)


def can_create_unit(user: Any) -> bool:
    """Only admins create units; an editor's unknown unit names become proposals an admin decides on."""
    return is_admin(user)


def can_decide_unit_proposals(user: Any) -> bool:
    return is_admin(user)


def can_define_duty(user: Any, document: Any) -> bool:
    """Set a reporting duty on a plan: whoever may edit the plan, when its issuer is within their body (a reference
    to an upper plan that a ward registered cannot make the province's units owe reports)."""
    if is_admin(user):
        return True
    return can_edit_document(user, document) and can_issue_as(user, document.issuer)


def can_monitor_duty(user: Any, duty: Any) -> bool:
    """Follow a duty's submissions, review them, lock periods, remind: admins, and monitors and secretariats
    of the body that receives the reports."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in ("monitor", "secretariat"):
        return False
    from tracker.units.queries import is_within

    body = _body_of(user)
    return bool(body and is_within(duty.recipient_id, body))


def can_view_dashboard(user: Any) -> bool:
    return _role(user) in ("admin", "monitor", "secretariat")


def can_submit_report(user: Any, expected: Any) -> bool:
    """Submit for an owing unit: its own people (a user working in that unit or below it), or an admin."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in ("member", "secretariat", "monitor") or not getattr(user, "unit_id", None):
        return False
    from tracker.units.queries import is_within

    return is_within(user.unit_id, expected.unit_id)


def can_view_expected(user: Any, expected: Any) -> bool:
    return can_submit_report(user, expected) or can_monitor_duty(user, expected.duty)


def viewable_expected_ids(user: Any, expecteds: list) -> set[int]:
    """The ids of those of `expecteds` that can_view_expected allows, decided for a whole list in two queries (the
    units above the user, and which of the list's receiving units lie in the user's body): asked one by one, the
    deadlines of a province cost a statement per owing unit."""
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.units.models import UnitClosure

    role = _role(user)
    if role == "admin":
        return {e.id for e in expecteds}
    if not expecteds:
        return set()
    mine: set = set()
    if role in ("member", "secretariat", "monitor") and getattr(user, "unit_id", None):
        mine = set(db.session.scalars(select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == user.unit_id)))
    followed: set = set()
    body = _body_of(user) if role in ("monitor", "secretariat") else None
    if body:
        recipients = {e.duty.recipient_id for e in expecteds}
        followed = set(db.session.scalars(select(UnitClosure.descendant_id).where(
            UnitClosure.ancestor_id == body, UnitClosure.descendant_id.in_(recipients))))
    return {e.id for e in expecteds if e.unit_id in mine or e.duty.recipient_id in followed}


def can_read_outbox(user: Any) -> bool:
    return is_admin(user)


def can_manage_webhooks(user: Any) -> bool:
    """Register partner systems' webhook URLs, read their delivery log, resend: admins only."""
    return is_admin(user)


def can_view_task(user: Any, task: Any) -> bool:
    """Admins; else the task is in the user's scope (own unit's subtree, or the body's for monitors/secretariats)."""
    if _role(user) is None:
        return False
    from tracker.tasks.queries import task_visible

    return task_visible(user, task)


def can_post_task_update(user: Any, task: Any) -> bool:
    """Admins, or a non-viewer of a unit assigned to the task (any role: lead, coordinate, request)."""
    if getattr(task, "withdrawn_on", None) is not None:  # thu hồi: history only
        return False
    role = _role(user)
    if role == "admin":
        return True
    if role in (None, "viewer"):
        return False
    from tracker.tasks.queries import roles_on

    return bool(roles_on(user, task))


def can_set_task_status(user: Any, task: Any) -> bool:
    """Admins, or a non-viewer of the lead unit (of the requested unit when nobody leads)."""
    if getattr(task, "withdrawn_on", None) is not None:  # thu hồi: history only
        return False
    role = _role(user)
    if role == "admin":
        return True
    if role in (None, "viewer"):
        return False
    from tracker.tasks.queries import is_request_task, roles_on

    roles = roles_on(user, task)
    return "lead" in roles or ("request" in roles and is_request_task(task))


def is_assigning_body(user: Any, task: Any) -> bool:
    """Admins, and secretariats of the plan issuer's body: the side that confirms or refuses completion."""
    role = _role(user)
    if role == "admin":
        return True
    if role != "secretariat" or not user.unit_id:
        return False
    from tracker.tasks.queries import issuer_body_id, user_body_id

    body = issuer_body_id(task)
    return body is not None and body == user_body_id(user)


def confirm_conflict(user: Any, task: Any) -> str | None:
    """Segregation of duties: why this user may not decide on the task's claim (None when nothing stands in
    the way). The one who claimed it, and anyone of the lead unit (or of a unit under it), never confirm."""
    if getattr(user, "id", None) is not None and getattr(task, "claimed_by_id", None) == user.id:
        return ("Bạn là người đã báo hoàn thành nhiệm vụ này nên không thể tự xác nhận hoặc từ chối; "
                "việc xác nhận do một cán bộ khác của cơ quan giao nhiệm vụ thực hiện.")
    from tracker.tasks.queries import roles_on

    if "lead" in roles_on(user, task):
        return ("Bạn thuộc đơn vị chủ trì nhiệm vụ này nên không thể xác nhận hoàn thành; "
                "việc xác nhận do cán bộ của cơ quan giao nhiệm vụ ngoài đơn vị chủ trì thực hiện.")
    return None


def can_confirm_task(user: Any, task: Any) -> bool:
    """The assigning body confirms or refuses completion, but never the claimer nor a member of the lead unit;
    nobody once the task is withdrawn (thu hồi: history only)."""
    if getattr(task, "withdrawn_on", None) is not None:
        return False
    return is_assigning_body(user, task) and confirm_conflict(user, task) is None


def can_remind_task(user: Any, task: Any) -> bool:
    """Monitors (Ban Nội chính) in whose subtree the task is, the assigning body's secretariat, admins."""
    if getattr(task, "withdrawn_on", None) is not None:  # thu hồi: history only
        return False
    role = _role(user)
    if role == "admin":
        return True
    if role == "monitor":
        return can_view_task(user, task)
    return role == "secretariat" and is_assigning_body(user, task)


def can_comment_task(user: Any, task: Any) -> bool:
    """Trao đổi on a task: anyone but a viewer who may see it."""
    return _role(user) not in (None, "viewer") and can_view_task(user, task)


def can_monitor_tasks(user: Any) -> bool:
    """The subtree view of tasks: admins, monitors, secretariats and viewers."""
    return _role(user) in {"admin", "monitor", "secretariat", "viewer"}


def can_derive_plan(user: Any, document: Any) -> bool:
    """Secretariats, monitors and admins build their body's plan from an upper plan."""
    return _role(user) in EDITOR_ROLES and (is_admin(user) or bool(user.unit_id)) and document.doc_type == "KH"


def can_change_plan_tasks(user: Any, document: Any) -> bool:
    """Edit, add, withdraw, split, merge and move a saved plan's tasks: admins, and the secretariat or monitor of
    the body that issued the plan (the creator when no issuer is known). A unit given a task cannot change it."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in ("secretariat", "monitor") or document.doc_type != "KH":
        return False
    if document.issuer_id is None:
        return document.created_by_id == user.id
    from tracker.units.queries import body_id_of

    body = _body_of(user)
    return body is not None and body == body_id_of(document.issuer_id)


def can_change_task(user: Any, task: Any) -> bool:
    """Change one task: whoever may change its plan's tasks."""
    from tracker.extensions import db
    from tracker.plans.models import Document

    return can_change_plan_tasks(user, db.session.get(Document, task.document_id))


def can_assign_group(user: Any, document: Any, area: Any) -> bool:
    """Give a plan's task to a group (every unit of a kind within `area`): whoever may change the plan's tasks,
    when they may also give a task to every member. Members all lie below `area`, so `can_assign_to(area)` (the
    area within the user's own body, or an admin) holds for each of them: one check, not one per commune."""
    return area is not None and can_change_plan_tasks(user, document) and can_assign_to(user, area)


def can_manage_group(user: Any, group: Any) -> bool:
    """Add later units to a group assignment or take a member out: whoever may give the task to the group.
    A unit given the task (a member) cannot change its own group."""
    from tracker.extensions import db
    from tracker.plans.models import Document, Task

    task = db.session.get(Task, group.task_id)
    return task is not None and can_assign_group(user, db.session.get(Document, task.document_id), group.area)


def can_revoke_plan(user: Any, document: Any) -> bool:
    """Withdraw (thu hồi) or cancel (bãi bỏ) a plan: whoever may change its tasks."""
    return document.revoked_on is None and can_change_plan_tasks(user, document)


def can_delete_plan(user: Any, document: Any) -> bool:
    """Delete a mistaken import outright: admins only (and the service refuses once anything was posted)."""
    return is_admin(user) and document.doc_type == "KH"


def can_view_coverage(user: Any, document: Any) -> bool:
    """The coverage of a plan by its subordinate bodies' plans: admins; monitors, secretariats and viewers whose
    scope (their body; a viewer's own unit) holds the plan's issuer."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in ("monitor", "secretariat", "viewer") or not document.issuer_id or not user.unit_id:
        return False
    from tracker.units.queries import is_within

    scope = user.unit_id if role == "viewer" else _body_of(user)
    return bool(scope and is_within(document.issuer_id, scope))


def can_name_officer(user: Any, assignment: Any) -> bool:
    """Name the officer in charge (cán bộ phụ trách) of a unit's part of a task: admins, and the unit's own
    non-viewer users (secretariat, monitor, member of that very unit) while the task is live."""
    role = _role(user)
    if getattr(assignment.task, "withdrawn_on", None) is not None:
        return False
    if role == "admin":
        return True
    return role in ("member", "secretariat", "monitor") and user.unit_id == assignment.unit_id


def can_compile_report(user: Any, expected: Any) -> bool:
    """Compile the owing unit's report: admins, the secretariat of the owing unit's body, or the owing unit's own
    secretariat, monitor or member users."""
    role = _role(user)
    if role == "admin":
        return True
    if role not in ("secretariat", "monitor", "member") or not getattr(user, "unit_id", None):
        return False
    from tracker.units.queries import body_id_of

    if role == "secretariat" and _body_of(user) == body_id_of(expected.unit_id):
        return True
    return can_submit_report(user, expected)


def can_edit_report(user: Any, report: Any) -> bool:
    """Edit a draft: whoever may compile it; a final report is never edited."""
    return not report.is_final and can_compile_report(user, report.expected)


def can_view_report(user: Any, report: Any) -> bool:
    """The compiling side sees drafts and finals; the receiving body sees the finals it was sent."""
    if can_compile_report(user, report.expected):
        return True
    return report.is_final and can_monitor_duty(user, report.expected.duty)


def can_upload_signed_report(user: Any, report: Any) -> bool:
    """Attach the signed PDF of a finalised report: whoever may compile it."""
    return report.is_final and can_compile_report(user, report.expected)


def can_subscribe_calendar(user: Any) -> bool:
    """Any signed-in, enabled user of a unit may have a deadline feed of that unit (viewers too)."""
    return _role(user) is not None and bool(getattr(user, "is_active", False)) and bool(user.unit_id)


def can_read_inbox(user: Any) -> bool:
    """Văn bản đến (documents from above giving the body work): the body's secretariats and monitors."""
    return _role(user) in ("secretariat", "monitor") and bool(getattr(user, "unit_id", None))


def can_view_import_job(user: Any, job: Any) -> bool:
    """An import job (the uploaded file, its OCR) is seen by the importer who started it, and by admins; a plan
    sent through the API waits for a person: importers of the body the API client's unit belongs to."""
    if not can_import_plan(user):
        return False
    if job.user_id == getattr(user, "id", None) or _role(user) == "admin":
        return True
    from tracker.api.services import principal_unit_id

    unit_id = principal_unit_id(job.user_id)
    return unit_id is not None and _within_own_body(user, unit_id)


def can_manage_api_clients(user: Any) -> bool:
    """Create, rotate and revoke API clients: admins only."""
    return is_admin(user)
