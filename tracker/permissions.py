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


def can_define_duty(user: Any, document: Any) -> bool:
    """Set a reporting duty on a plan: whoever may edit the plan."""
    return can_edit_document(user, document)


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
