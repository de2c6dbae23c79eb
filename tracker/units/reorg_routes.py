"""Reorganisation pages (admins): list and create, map old units to successors, preview, apply."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.units import queries
from tracker.units import reorganisation as services
from tracker.units.forms import (ApplyReorganisationForm, ReorganisationForm, ReorganisationItemForm,
                                 ReorganisationOverrideForm)
from tracker.units.models import Reorganisation
from tracker.units.routes import _require_admin, bp


def _picked(name: str):
    """The unit chosen in a picker (a radio after the kept hidden value: the last value sent wins)."""
    chosen = (request.form.getlist(name) or [""])[-1]
    return queries.get_unit_or_404(int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None


def _get_or_404(reorg_id: int) -> Reorganisation:
    return db.session.get(Reorganisation, reorg_id) or abort(404)


@bp.route("/reorganisations", methods=["GET", "POST"])
@login_required
def reorganisations():
    _require_admin()
    form = ReorganisationForm()
    if form.validate_on_submit():
        try:
            reorg = services.create_reorganisation(actor=current_user, name=form.name.data,
                                                   effective_on=form.effective_on.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            return redirect(url_for("units.reorganisation", reorg_id=reorg.id))
    listing = list(db.session.scalars(select(Reorganisation).order_by(Reorganisation.effective_on.desc())))
    status = 200 if request.method == "GET" else 422
    return render_template("units/reorganisations.html", form=form, listing=listing), status


def _render(reorg, status=200, **forms):
    item_form = forms.get("item_form") or ReorganisationItemForm()
    override_form = forms.get("override_form") or ReorganisationOverrideForm()
    override_form.item_id.choices = [(i.id, i.old_unit.name) for i in reorg.items]
    return render_template("units/reorganisation.html", reorg=reorg, rows=services.preview(reorg),
                           item_form=item_form, override_form=override_form, apply_form=ApplyReorganisationForm(),
                           today=today_vn()), status


@bp.get("/reorganisations/<int:reorg_id>")
@login_required
def reorganisation(reorg_id: int):
    _require_admin()
    return _render(_get_or_404(reorg_id))


def _act(reorg, action, done: str, **forms):
    try:
        action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return _render(_get_or_404(reorg.id), 422, **forms)
    flash(done, "success")
    return redirect(url_for("units.reorganisation", reorg_id=reorg.id))


@bp.post("/reorganisations/<int:reorg_id>/items")
@login_required
def add_reorganisation_item(reorg_id: int):
    _require_admin()
    reorg = _get_or_404(reorg_id)
    form = ReorganisationItemForm()
    old, successor = _picked("old_unit_id"), _picked("successor_id")
    if not form.validate_on_submit() or old is None or successor is None:
        flash("Hãy chọn đơn vị bị sắp xếp và đơn vị kế thừa trong kết quả tìm kiếm.", "danger")
        return _render(reorg, 422, item_form=form)
    return _act(reorg, lambda: services.add_item(actor=current_user, reorg=reorg, old_unit=old, successor=successor,
                                                 users_action=form.users_action.data),
                f"Đã thêm “{old.name}” → “{successor.name}”.", item_form=form)


@bp.post("/reorganisations/<int:reorg_id>/overrides")
@login_required
def add_reorganisation_override(reorg_id: int):
    _require_admin()
    reorg = _get_or_404(reorg_id)
    form = ReorganisationOverrideForm()
    form.item_id.choices = [(i.id, i.old_unit.name) for i in reorg.items]
    successor = _picked("target_id")
    if not form.validate_on_submit() or successor is None:
        flash("Hãy chọn đơn vị bị chia tách, số hiệu và đơn vị tiếp nhận.", "danger")
        return _render(reorg, 422, override_form=form)
    item = next(i for i in reorg.items if i.id == form.item_id.data)
    return _act(reorg, lambda: services.add_override(actor=current_user, item=item, kind=form.kind.data,
                                                     object_id=form.object_id.data, successor=successor),
                "Đã ghi nhận việc giao lại.", override_form=form)


@bp.post("/reorganisations/<int:reorg_id>/apply")
@login_required
def apply_reorganisation(reorg_id: int):
    _require_admin()
    reorg = _get_or_404(reorg_id)
    if not ApplyReorganisationForm().validate_on_submit():
        abort(400)
    return _act(reorg, lambda: services.apply_reorganisation(actor=current_user, reorg=reorg, today=today_vn()),
                f"Đã áp dụng đợt sắp xếp “{reorg.name}”.")
