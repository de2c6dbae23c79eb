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
    from tracker.units.queries import is_within

    body = _body_of(user)
    return bool(body and is_within(unit_id, body))


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

    own, theirs = _body_of(user), body_id_of(unit.id)
    return bool(own and theirs and theirs != own and is_within(own, theirs))


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


def can_read_outbox(user: Any) -> bool:
    return is_admin(user)


def can_view_task(user: Any, task: Any) -> bool:
    """Admins; else the task is in the user's scope (own unit's subtree, or the body's for monitors/secretariats)."""
    if _role(user) is None:
        return False
    from tracker.tasks.queries import task_visible

    return task_visible(user, task)


def can_post_task_update(user: Any, task: Any) -> bool:
    """Admins, or a non-viewer of a unit assigned to the task (any role: lead, coordinate, request)."""
    role = _role(user)
    if role == "admin":
        return True
    if role in (None, "viewer"):
        return False
    from tracker.tasks.queries import roles_on

    return bool(roles_on(user, task))


def can_set_task_status(user: Any, task: Any) -> bool:
    """Admins, or a non-viewer of the lead unit (of the requested unit when nobody leads)."""
    role = _role(user)
    if role == "admin":
        return True
    if role in (None, "viewer"):
        return False
    from tracker.tasks.queries import is_request_task, roles_on

    roles = roles_on(user, task)
    return "lead" in roles or ("request" in roles and is_request_task(task))


def can_confirm_task(user: Any, task: Any) -> bool:
    """The assigning body confirms or refuses completion: admins, secretariats of the plan issuer's body."""
    role = _role(user)
    if role == "admin":
        return True
    if role != "secretariat" or not user.unit_id:
        return False
    from tracker.tasks.queries import issuer_body_id, user_body_id

    body = issuer_body_id(task)
    return body is not None and body == user_body_id(user)


def can_remind_task(user: Any, task: Any) -> bool:
    """Monitors (Ban Nội chính) in whose subtree the task is, the assigning body's secretariat, admins."""
    role = _role(user)
    if role == "admin":
        return True
    if role == "monitor":
        return can_view_task(user, task)
    return role == "secretariat" and can_confirm_task(user, task)


def can_monitor_tasks(user: Any) -> bool:
    """The subtree view of tasks: admins, monitors, secretariats and viewers."""
    return _role(user) in {"admin", "monitor", "secretariat", "viewer"}


def can_derive_plan(user: Any, document: Any) -> bool:
    """Secretariats, monitors and admins build their body's plan from an upper plan."""
    return _role(user) in EDITOR_ROLES and (is_admin(user) or bool(user.unit_id)) and document.doc_type == "KH"


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
