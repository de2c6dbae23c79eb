"""Đề xuất tạo đơn vị: the admin's list of unit names editors' plans used, and the three decisions on each."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.core.exceptions import DomainError
from tracker.extensions import db
from tracker.permissions import can_decide_unit_proposals
from tracker.units import proposals, queries
from tracker.units.forms import ProposalCreateForm, ProposalMapForm, ProposalRejectForm
from tracker.units.models import UnitProposal
from tracker.units.routes import bp


def _proposal_or_404(proposal_id: int) -> UnitProposal:
    if not can_decide_unit_proposals(current_user):
        abort(403)
    proposal = db.session.get(UnitProposal, proposal_id)
    if proposal is None:
        abort(404)
    return proposal


@bp.get("/proposals")
@login_required
def proposals_index():
    if not can_decide_unit_proposals(current_user):
        abort(403)
    status = request.args.get("status", "pending")
    stmt = select(UnitProposal).order_by(UnitProposal.created_at.desc()).limit(200)
    if status != "all":
        stmt = stmt.where(UnitProposal.status == "pending")
    rows = list(db.session.scalars(stmt))
    return render_template("units/proposals.html", rows=rows, status=status,
                           paths=queries.paths_for([p.parent_id for p in rows]))


@bp.route("/proposals/<int:proposal_id>", methods=["GET", "POST"])
@login_required
def proposal_detail(proposal_id: int):
    proposal = _proposal_or_404(proposal_id)
    action = request.form.get("action", "")
    create_form = ProposalCreateForm(data={"name": proposal.name, "kind": proposal.kind})
    map_form, reject_form = ProposalMapForm(), ProposalRejectForm()
    form = {"create": create_form, "map": map_form, "reject": reject_form}.get(action)
    if request.method == "POST" and form is not None and form.validate_on_submit():
        try:
            if action == "create":
                unit = proposals.create_from_proposal(actor=current_user, proposal=proposal,
                                                      name=create_form.name.data, kind=create_form.kind.data)
            elif action == "map":
                raw = (request.form.getlist("unit_id") or [""])[-1]
                if not raw.isdigit():
                    raise DomainError("Hãy tìm và chọn đơn vị có sẵn.")
                unit = proposals.map_proposal(actor=current_user, proposal=proposal,
                                              unit=queries.get_unit_or_404(int(raw)))
            else:
                unit = None
                proposals.reject_proposal(actor=current_user, proposal=proposal, note=reject_form.note.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            flash(f"Đã tạo/gắn đơn vị “{unit.name}”; các nhiệm vụ chờ đã được giao." if unit
                  else "Đã ghi nhận không tạo đơn vị.", "success")
            return redirect(url_for("units.proposals_index"))
    elif request.method == "POST" and form is not None:
        flash("; ".join(e for errors in form.errors.values() for e in errors), "danger")
    elif request.method == "POST":
        abort(400)
    status = 200 if request.method == "GET" else 422
    return render_template("units/proposal_detail.html", proposal=proposal, create_form=create_form,
                           map_form=map_form, reject_form=reject_form,
                           path=queries.ancestors(proposal.parent_id) + [proposal.parent]), status

