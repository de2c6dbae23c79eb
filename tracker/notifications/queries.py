"""Reads of the notification domain: who is told of an event (in SQL), preferences, a user's notices."""
from __future__ import annotations

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import aliased

from tracker.duties.models import Notification
from tracker.extensions import db
from tracker.notifications.models import KINDS, NotificationPreference, default_mode
from tracker.units.models import UnitClosure, User
from tracker.units.queries import own_unit_walk, tree_memo

WORKING_ROLES = ("secretariat", "member", "monitor")


def unit_people(unit_ids) -> list[int]:
    """Enabled people working in these units or below them (officers, secretariats, monitors), one query."""
    ids = list(unit_ids or [])
    if not ids:
        return []
    stmt = (select(User.id).join(UnitClosure, UnitClosure.descendant_id == User.unit_id)
            .where(UnitClosure.ancestor_id.in_(ids), User.is_enabled.is_(True), User.role.in_(WORKING_ROLES))
            .distinct().order_by(User.id))
    return list(db.session.scalars(stmt))


def people_by_unit(unit_ids) -> dict[int, list[int]]:
    """{unit id: the people unit_people would give for it alone}, for many units in one query (a task given to
    the 3,300 communes of a group)."""
    ids = list(unit_ids or [])
    result: dict[int, list[int]] = {}
    if not ids:
        return result
    stmt = (select(UnitClosure.ancestor_id, User.id).join(UnitClosure, UnitClosure.descendant_id == User.unit_id)
            .where(UnitClosure.ancestor_id.in_(ids), User.is_enabled.is_(True), User.role.in_(WORKING_ROLES))
            .distinct().order_by(UnitClosure.ancestor_id, User.id))
    for unit_id, user_id in db.session.execute(stmt):
        result.setdefault(unit_id, []).append(user_id)
    return result


def own_unit_ids(body_id: int) -> list[int]:
    """The ids of the units whose body is `body_id`: the body and its subtree without what lies under a nested
    locality (a ward's units are not the province's own), nearest first.

    Read by walking down parent links and stopping at each nested locality, so it reads only those rows, and
    returned as a list: the planner then knows the set is a handful of ids. As a correlated closure subquery the
    planner guessed 78,000 rows for the centre's 8 and hashed the whole assignment table (1.4 s for the centre's
    inbox count at national scale). Asked once per body in a read-only request, and kept between page views
    while the unit tree is unchanged (units.queries.tree_memo)."""
    memo = tree_memo("own_unit_ids")
    if memo is not None and body_id in memo:
        return list(memo[body_id])
    walk = own_unit_walk(body_id)
    ids = tuple(db.session.scalars(select(walk.c.id).where(or_(walk.c.kind != "locality", walk.c.depth == 0))
                                   .order_by(walk.c.depth, walk.c.id)))
    if memo is not None:
        memo[body_id] = ids  # a tuple: what is kept cannot be changed by a caller
    return list(ids)


def same_body_clause(body_id: int):
    """SQL condition on User: the user's body is `body_id` (the rule permissions use for the assigning and the
    receiving body)."""
    return User.unit_id.in_(own_unit_ids(body_id))


def body_people(body_id: int | None, roles: tuple[str, ...]) -> list[int]:
    """Enabled users of the given roles whose body is `body_id`, one query."""
    if body_id is None:
        return []
    stmt = (select(User.id).where(same_body_clause(body_id), User.is_enabled.is_(True), User.role.in_(roles))
            .order_by(User.id))
    return list(db.session.scalars(stmt))


def recipients(user_ids: list[int], kind: str) -> list:
    """(id, email, full_name, mode) of each recipient with their preference for `kind`, one query."""
    if not user_ids:
        return []
    pref = aliased(NotificationPreference)
    stmt = (select(User.id, User.email, User.full_name, pref.mode)
            .outerjoin(pref, and_(pref.user_id == User.id, pref.kind == kind))
            .where(User.id.in_(user_ids)).order_by(User.id))
    return [(uid, email, name, mode or default_mode(kind)) for uid, email, name, mode in db.session.execute(stmt)]


def preferences_of(user) -> dict[str, str]:
    """{kind: mode} for every kind, the defaults filled in."""
    saved = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.mode)
                                    .where(NotificationPreference.user_id == user.id)).all())
    return {kind: saved.get(kind, default_mode(kind)) for kind in KINDS}


def notices_for(user) -> Select:
    """The user's notices, unread first then newest (superseded reminders hidden); scoped to the user in SQL."""
    return (select(Notification).where(Notification.user_id == user.id, Notification.superseded_at.is_(None))
            .order_by(Notification.read_at.is_not(None), Notification.id.desc()))


def get_notice_or_404(user, notice_id: int) -> Notification:
    """One of the user's own notices; another person's is a 404, never a 403 (it does not exist for them)."""
    from flask import abort

    notice = db.session.scalar(select(Notification).where(Notification.id == notice_id,
                                                          Notification.user_id == user.id))
    if notice is None:
        abort(404)
    return notice


def open_claims(task_ids: list[int]) -> dict:
    """{task id: Task} of these tasks still waiting for confirmation (to confirm in place), one query."""
    from tracker.plans.models import Task

    if not task_ids:
        return {}
    return {t.id: t for t in db.session.scalars(select(Task).where(Task.id.in_(task_ids), Task.status == "claimed"))}
