"""Admin pages for API clients: list, create (token shown once), change scopes, rotate, revoke; and the API's
human documentation page (Swagger UI, vendored)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker.api import services
from tracker.api.forms import ActionForm, ClientForm, ScopesForm
from tracker.api.models import SCOPES, ApiClient
from tracker.core.exceptions import DomainError
from tracker.core.inputs import parse_id
from tracker.extensions import db
from tracker.permissions import can_manage_api_clients
from tracker.units.queries import get_unit_or_404

bp = Blueprint("api_admin", __name__)


def _require_admin() -> None:
    if not can_manage_api_clients(current_user):
        abort(403)


def _client_or_404(client_id: int) -> ApiClient:
    client = db.session.get(ApiClient, client_id)
    if client is None:
        abort(404)
    return client


def _token_page(client: ApiClient, token: str, created: bool):
    response = render_template("api/token.html", client=client, token=token, created=created)
    # The token is shown once: never kept by a browser cache or a proxy.
    return response, 200, {"Cache-Control": "no-store"}


@bp.get("/admin/api-clients")
@login_required
def index():
    _require_admin()
    return render_template("api/clients.html", clients=services.clients(), scopes=SCOPES,
                           roles=services.PRINCIPAL_ROLES, action_form=ActionForm())


@bp.route("/admin/api-clients/create", methods=["GET", "POST"])
@login_required
def create():
    _require_admin()
    form = ClientForm()
    if form.validate_on_submit():
        chosen = (request.form.getlist("unit_id") or [""])[-1]
        unit = get_unit_or_404(parse_id(chosen)) if chosen.strip() else None
        try:
            client, token = services.create_client(actor=current_user, name=form.name.data, unit=unit,
                                                   role=form.role.data, scopes=form.scopes.data or [])
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
        else:
            db.session.commit()
            return _token_page(client, token, created=True)
    status = 200 if request.method == "GET" else 422
    return render_template("api/client_form.html", form=form), status


@bp.post("/admin/api-clients/<int:client_id>/scopes")
@login_required
def scopes(client_id: int):
    _require_admin()
    client = _client_or_404(client_id)
    form = ScopesForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.update_scopes(actor=current_user, client=client, scopes=form.scopes.data or [])
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(f"Đã cập nhật phạm vi của “{client.name}”.", "success")
    return redirect(url_for("api_admin.index"))


@bp.post("/admin/api-clients/<int:client_id>/rotate")
@login_required
def rotate(client_id: int):
    _require_admin()
    client = _client_or_404(client_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        token = services.rotate_client(actor=current_user, client=client)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
        return redirect(url_for("api_admin.index"))
    db.session.commit()
    return _token_page(client, token, created=False)


@bp.post("/admin/api-clients/<int:client_id>/revoke")
@login_required
def revoke(client_id: int):
    _require_admin()
    client = _client_or_404(client_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.revoke_client(actor=current_user, client=client)
    db.session.commit()
    flash(f"Đã thu hồi ứng dụng “{client.name}”: mã truy cập của nó không còn dùng được.", "success")
    return redirect(url_for("api_admin.index"))


@bp.get("/api/v1/docs")
def docs():
    """The API's reference for people: Swagger UI over /api/v1/openapi.json (no sign-in: it holds no data)."""
    return render_template("api/docs.html")
