"""Xây dựng kế hoạch thực hiện: the derive form, several lines per upper task, each with its own units and date."""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.core.datefield import DateInputError, parse_vn_date
from tracker.core.exceptions import DomainError
from tracker.core.timeutil import today_vn
from tracker.extensions import db
from tracker.permissions import can_derive_plan
from tracker.plans.queries import get_document_or_404
from tracker.tasks import badges, queries
from tracker.tasks.derive import DerivedItem, PlanHeader, derive_plan
from tracker.tasks.forms import DeriveForm
from tracker.tasks.routes import bp
from tracker.units.models import Unit

LINES = 3
MAX_LINES = 10
PLACE_PREFIXES = ("Phường ", "Xã ", "Đặc khu ", "Tỉnh ", "Thành phố ")


def _context(document):
    body_id = queries.user_body_id(current_user)
    if body_id is None:
        abort(404)
    concerning = queries.concerning_tasks(document, body_id)
    if not concerning:
        abort(404)
    return body_id, concerning, queries.body_units(body_id)


def _place(body: Unit | None) -> str:
    if body is None:
        return ""
    name = body.short_name or body.name
    return next((name[len(p):] for p in PLACE_PREFIXES if name.startswith(p)), name)


def _lines() -> int:
    value = request.args.get("lines", "")
    return max(1, min(int(value), MAX_LINES)) if value.isdigit() else LINES


def _date(value: str) -> date | None:
    try:
        return parse_vn_date(value) if value.strip() else None
    except DateInputError as error:
        raise DomainError(f"Thời hạn: {error}") from None


def _items(concerning, by_id: dict[int, Unit], lines: int) -> list[DerivedItem]:
    """The lines the user kept: per included upper task, each line with text (a line without text is skipped)."""
    def units(name: str) -> tuple[Unit, ...]:
        ids = [int(v) for v in request.form.getlist(name) if v.isdigit()]
        if any(i not in by_id for i in ids):
            raise DomainError("Đơn vị được chọn không thuộc cơ quan của bạn.")
        return tuple(by_id[i] for i in ids)

    items = []
    for task, _ in concerning:
        if request.form.get(f"include_{task.id}") != "1":
            continue
        for i in range(lines):
            key = f"{task.id}_{i}"
            text = request.form.get(f"text_{key}", "")
            if not text.strip():
                continue
            lead = units(f"lead_{key}")
            items.append(DerivedItem(task, text, lead[0] if lead else None, _date(request.form.get(f"due_{key}", "")),
                                     units(f"coord_{key}"), units(f"req_{key}")))
    return items


@bp.route("/derive/<int:document_id>", methods=["GET", "POST"])
@login_required
def derive(document_id: int):
    document = get_document_or_404(document_id, current_user)
    if not can_derive_plan(current_user, document):
        abort(403)
    body_id, concerning, units = _context(document)
    by_id = {u.id: u for u in units}
    lines = _lines()
    form = DeriveForm()
    form.issuer_id.choices = [(u.id, u.name) for u in units]
    if request.method == "GET":
        issuer = next((u for u in units if u.kind == "people_committee"), units[0])
        form.title.data = f"Thực hiện {document.label} của {document.issuer_name}"
        form.issuer_id.data = issuer.id
        form.place.data = _place(db.session.get(Unit, body_id))
        if issuer.kind == "people_committee":
            form.signer_authority.data, form.signer_position.data = "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    if form.validate_on_submit():
        try:
            header = PlanHeader(form.place.data, form.signer_authority.data, form.signer_position.data,
                                form.signer_name.data, (form.recipients.data or "").replace("\r\n", "\n").split("\n"))
            lower = derive_plan(actor=current_user, upper=document, issuer=by_id[form.issuer_id.data],
                                title=form.title.data, number_text=form.number_text.data,
                                issued_on=form.issued_on.data, items=_items(concerning, by_id, lines),
                                today=today_vn(), header=header)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash("Đã xây dựng kế hoạch thực hiện.", "success")
            return redirect(url_for("tasks.plan", document_id=lower.id))
    return render_template("tasks/derive.html", form=form, document=document, concerning=concerning, units=units,
                           lines=lines, unit_options=badges.unit_options(units)), \
        200 if request.method == "GET" else 422

