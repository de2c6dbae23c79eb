"""Assign a task to a group of units ("UBND các xã, phường"): pick the group within the issuer's area, see its
members, confirm; the group's drill-down; adding units created later; taking a member out."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from tracker.core.exceptions import DomainError
from tracker.core.inputs import parse_id
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_assign_group, can_change_task, can_manage_group, can_remind_task, can_view_task
from tracker.tasks import groups, queries, services
from tracker.tasks.forms import GroupAssignForm, GroupRemindForm, GroupRemoveForm
from tracker.tasks.routes.forms_for import DEFAULT_REMINDER
from tracker.tasks.routes import bp
from tracker.units import groups as unit_groups
from tracker.units.models import Unit

PREVIEW = 400  # member names listed before "và N đơn vị khác"


def _task_for_group(task_id: int):
    task = queries.get_task_or_404(task_id)
    if not can_change_task(current_user, task):
        abort(403 if queries.task_visible(current_user, task) else 404)
    document = task.document
    area = groups.issuer_area(document)
    if not can_assign_group(current_user, document, area):
        abort(403)
    return task, area


@bp.route("/<int:task_id>/group", methods=["GET", "POST"])
@login_required
def assign_group(task_id: int):
    task, area = _task_for_group(task_id)
    today = today_vn()
    form = GroupAssignForm()
    kind = (request.values.get("kind") or "")[:30]
    level = (request.values.get("level") or "")[:20]
    if request.method == "POST":
        try:
            if not form.validate_on_submit():
                raise DomainError("; ".join(e for es in form.errors.values() for e in es) or "Dữ liệu không hợp lệ.")
            group = groups.assign_group(actor=current_user, task=task, area=area, kind=kind, level=level,
                                        role=form.role.data, today=today)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            task, area = _task_for_group(task_id)
        else:
            db.session.commit()
            flash(f"Đã giao nhiệm vụ cho {group.label}.", "success")
            return redirect(url_for("tasks.detail", task_id=task.id) + "#groups")
    options = unit_groups.available_groups(area.id, today)
    chosen = next((o for o in options if o.kind == kind and o.level == level), None)
    members = unit_groups.members(area.id, kind, level, today) if chosen else []
    taken = {a.unit_id for a in task.assignments}
    return render_template("tasks/group_assign.html", task=task, area=area, options=options, chosen=chosen,
                           members=members[:PREVIEW], more=max(0, len(members) - PREVIEW),
                           already=sum(1 for u in members if u.id in taken), form=form), \
        200 if request.method == "GET" else 422


def _group_or_404(group_id: int):
    group = groups.get_group_or_404(group_id)
    task = queries.get_task_or_404(group.task_id, units=False)  # the members are read a page at a time
    if not can_view_task(current_user, task):
        abort(404)
    return group, task


MEMBERS_PER_PAGE = 100


@bp.get("/group/<int:group_id>")
@login_required
def group_detail(group_id: int):
    group, task = _group_or_404(group_id)
    today = today_vn()
    state = request.args.get("state")
    state = state if state in groups.FILTERS else None
    members = groups.member_page(group, today, state, within=groups.drill_scope(current_user, task),
                                 page=min(parse_id(request.args.get("page", "1")) or 1, 10_000),
                                 per_page=MEMBERS_PER_PAGE)
    manage = can_manage_group(current_user, group)
    return render_template("tasks/group_detail.html", group=group, task=task, summary=members.summary, state=state,
                           members=members, rows=members.rows, manage=manage,
                           new_ids=groups.new_member_ids(group, today) if manage else [],
                           remove_form=GroupRemoveForm(formdata=None), MEMBER_STATES=groups.MEMBER_STATES,
                           FILTERS=groups.FILTERS,
                           remind_form=GroupRemindForm(formdata=None, body_md=DEFAULT_REMINDER)
                           if can_remind_task(current_user, task) else None,
                           MEMBER_BADGES=groups.MEMBER_BADGES)


def _managed(group_id: int):
    group, task = _group_or_404(group_id)
    if not can_manage_group(current_user, group):
        abort(403)
    return group, task


@bp.post("/group/<int:group_id>/add-new")
@login_required
def group_add_new(group_id: int):
    group, _ = _managed(group_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        added = groups.add_new_members(actor=current_user, group=group, today=today_vn())
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"Đã bổ sung {added} đơn vị mới vào nhóm." if added else "Không có đơn vị mới nào để bổ sung.",
              "success" if added else "info")
    return redirect(url_for("tasks.group_detail", group_id=group_id))


@bp.post("/group/<int:group_id>/remove")
@login_required
def group_remove(group_id: int):
    group, _ = _managed(group_id)
    form = GroupRemoveForm()
    unit = db.session.get(Unit, parse_id(form.unit_id.data or "")) if parse_id(form.unit_id.data or "") else None
    try:
        if not form.validate_on_submit() or unit is None:
            raise DomainError("; ".join(e for es in form.errors.values() for e in es) or "Hãy chọn đơn vị.")
        groups.remove_member(actor=current_user, group=group, unit=unit, reason=form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"Đã bỏ {unit.name} khỏi nhóm.", "success")
    return redirect(url_for("tasks.group_detail", group_id=group_id))


@bp.post("/group/<int:group_id>/remind")
@login_required
def group_remind(group_id: int):
    """Đôn đốc every member of the group that has not finished (those done are left alone)."""
    group, task = _group_or_404(group_id)
    if not can_remind_task(current_user, task):
        abort(403)
    form = GroupRemindForm()
    try:
        if not form.validate_on_submit():
            raise DomainError("; ".join(e for es in form.errors.values() for e in es) or "Dữ liệu không hợp lệ.")
        late = groups.open_member_ids(group, today_vn())
        if not late:
            raise DomainError("Mọi đơn vị trong nhóm đã hoàn thành; không có ai để đôn đốc.")
        services.remind(actor=current_user, task=task, body_md=form.body_md.data, today=today_vn(), unit_ids=late)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"Đã đôn đốc {len(late)} đơn vị chưa hoàn thành.", "success")
    return redirect(url_for("tasks.group_detail", group_id=group_id))
