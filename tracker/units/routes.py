"""Unit tree pages: browse, search, and the admin's create/rename/move/retire/alias actions."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from tracker.core.exceptions import DomainError
from tracker.core.inputs import parse_id
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_manage_units
from tracker.units import proposals, queries, services
from tracker.units.forms import AliasForm, DeleteAliasForm, MoveForm, RetireForm, UnitForm
from tracker.units.models import Unit

bp = Blueprint("units", __name__, url_prefix="/units")


def _optional_unit(raw: str | None):
    if not raw:
        return None
    return queries.get_unit_or_404(parse_id(raw))


def _require_admin() -> None:
    if not can_manage_units(current_user):
        abort(403)


@bp.get("/")
@login_required
def index():
    q = request.args.get("q", "").strip()
    pending = proposals.pending_count() if can_manage_units(current_user) else 0  # the badge, searching or not
    if q:
        hits = list(db.session.scalars(queries.search_units(q, limit=100, with_places=True)
                                       .options(selectinload(Unit.aliases))))  # shown under each name
        return render_template("units/index.html", q=q, hits=hits,
                               paths=queries.paths_for([u.id for u in hits]), roots=[], pending_proposals=pending)
    return render_template("units/index.html", q="", hits=None, paths={},
                           roots=queries.children_with_counts(None), pending_proposals=pending)


@bp.get("/<int:unit_id>/children")
@login_required
def children(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    return render_template("units/_children.html", unit=unit, nodes=queries.children_with_counts(unit.id))


@bp.get("/pick")
@login_required
def pick():
    """Search results as radio buttons for a form field (move, retire, document issuer)."""
    field = request.args.get("field", "unit_id")
    if field not in {"parent_id", "successor_id", "issuer_id", "unit_id", "old_unit_id", "target_id"}:
        abort(400)
    q = next((v for k, v in request.args.items() if k != "field"), "").strip()[:200]
    hits = list(db.session.scalars(queries.search_units(q, limit=15, active_only=True, with_places=True))) if q else []
    return render_template("units/_pick.html", hits=hits, field=field,
                           paths=queries.paths_for([u.id for u in hits]))


@bp.get("/<int:unit_id>")
@login_required
def detail(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    return render_template("units/detail.html", unit=unit, path=queries.ancestors(unit.id),
                           nodes=queries.children_with_counts(unit.id),
                           history=queries.name_history(unit.id), size=queries.subtree_size(unit.id),
                           alias_form=AliasForm(), delete_alias_form=DeleteAliasForm())


@bp.route("/create", methods=["GET", "POST"])
@login_required
def create():
    _require_admin()
    parent = _optional_unit(request.args.get("parent_id"))
    form = UnitForm(level=parent.level if parent else "central")
    if form.validate_on_submit():
        try:
            unit = services.create_unit(actor=current_user, name=form.name.data, parent=parent,
                                        kind=form.kind.data, level=form.level.data,
                                        short_name=form.short_name.data, effective_from=form.effective_from.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(f"Đã tạo đơn vị “{unit.name}”.", "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    return render_template("units/form.html", form=form, parent=parent, unit=None), 200 if request.method == "GET" else 422


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@login_required
def edit(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    _require_admin()
    form = UnitForm(obj=unit)
    if form.validate_on_submit():
        try:
            services.update_unit(actor=current_user, unit=unit, name=form.name.data, short_name=form.short_name.data,
                                 kind=form.kind.data, level=form.level.data,
                                 renamed_on=form.renamed_on.data or today_vn())
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã lưu thay đổi.", "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    status = 200 if request.method == "GET" else 422
    return render_template("units/form.html", form=form, parent=unit.parent, unit=unit), status


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
@login_required
def move(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    _require_admin()
    form = MoveForm()
    if form.validate_on_submit():
        if not form.parent_id.data and request.form.get("to_root") != "1":
            flash("Hãy chọn đơn vị cấp trên mới.", "danger")
        else:
            try:
                services.move_unit(actor=current_user, unit=unit, new_parent=_optional_unit(form.parent_id.data))
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                flash(str(error), "danger")
            else:
                flash("Đã chuyển đơn vị.", "success")
                return redirect(url_for("units.detail", unit_id=unit.id))
    status = 200 if request.method == "GET" else 422
    return render_template("units/move.html", form=form, unit=unit), status


@bp.route("/<int:unit_id>/retire", methods=["GET", "POST"])
@login_required
def retire(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    _require_admin()
    form = RetireForm()
    if form.validate_on_submit():
        try:
            services.retire_unit(actor=current_user, unit=unit, retired_on=form.retired_on.data,
                                 successor=_optional_unit(form.successor_id.data))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(f"Đã ghi nhận “{unit.name}” chấm dứt hoạt động.", "success")
            return redirect(url_for("units.detail", unit_id=unit.id))
    status = 200 if request.method == "GET" else 422
    return render_template("units/retire.html", form=form, unit=unit), status


@bp.post("/<int:unit_id>/aliases")
@login_required
def add_alias(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    _require_admin()
    form = AliasForm()
    if form.validate_on_submit():
        try:
            services.add_alias(actor=current_user, unit=unit, name=form.name.data)
            db.session.commit()
            flash("Đã thêm tên gọi khác.", "success")
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
    else:
        flash("; ".join(e for errs in form.errors.values() for e in errs), "danger")
    return redirect(url_for("units.detail", unit_id=unit.id))


@bp.post("/<int:unit_id>/aliases/delete")
@login_required
def delete_alias(unit_id: int):
    unit = queries.get_unit_or_404(unit_id)
    _require_admin()
    form = DeleteAliasForm()
    if form.validate_on_submit():
        try:
            services.remove_alias(actor=current_user, unit=unit, alias_id=parse_id(form.alias_id.data))
            db.session.commit()
            flash("Đã bỏ tên gọi khác.", "success")
        except (DomainError, ValueError) as error:
            db.session.rollback()
            flash(str(error) or "Dữ liệu không hợp lệ.", "danger")
    return redirect(url_for("units.detail", unit_id=unit.id))


from tracker.units import reorg_routes  # noqa: E402,F401 - the reorganisation pages share this blueprint
# At the end: the proposal pages attach their routes to `bp` above.
from tracker.units import proposal_routes  # noqa: E402,F401  (registers the proposal pages on bp)
