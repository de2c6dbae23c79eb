"""Admin pages of outgoing webhooks (/admin/webhooks): register a client's URL and event kinds, see the secret
once, read the delivery log of a subscription, resend a delivery."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from tracker.api import webhook_listeners, webhooks  # noqa: F401 - the listeners connect on import
from tracker.api.models import ApiClient
from tracker.api.webhook_models import EVENT_KINDS
from tracker.core.exceptions import DomainError
from tracker.core.inputs import page_arg
from tracker.extensions import db
from tracker.permissions import can_manage_webhooks

bp = Blueprint("webhooks", __name__, url_prefix="/admin/webhooks")


class _Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SubscriptionForm(FlaskForm):
    client_id = SelectField("Ứng dụng kết nối (API client)", coerce=int,
                            validators=[DataRequired("Hãy chọn ứng dụng kết nối.")])
    url = StringField("Địa chỉ nhận (URL)", description="http:// hoặc https://; hệ thống gửi POST JSON có chữ ký.",
                      validators=[DataRequired("Hãy nhập địa chỉ nhận (URL)."),
                                  Length(max=webhooks.URL_MAX, message="Địa chỉ nhận quá dài.")])
    kinds = _Checkboxes("Loại sự kiện", choices=list(EVENT_KINDS.items()))
    is_active = BooleanField("Đang hoạt động", default=True)


def _require_admin() -> None:
    if not can_manage_webhooks(current_user):
        abort(403)


def _show(form: SubscriptionForm, error: DomainError) -> None:
    """Put a refused input's message under its field (a rule about the client under the client)."""
    field = getattr(form, getattr(error, "field", "client_id"))
    field.errors = [*field.errors, str(error)]


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"  # a page showing a secret must not stay in any cache
    return response


@bp.get("/")
@login_required
def index():
    _require_admin()
    return render_template("api/webhooks/index.html", rows=webhooks.subscriptions_with_counts())


@bp.route("/create", methods=["GET", "POST"])
@login_required
def create():
    _require_admin()
    form = SubscriptionForm()
    form.client_id.choices = [(c.id, f"{c.name} – {c.unit.name}") for c in webhooks.active_clients()]
    if request.method == "GET" and request.args.get("client_id", "").isdigit():
        form.client_id.data = int(request.args["client_id"])
    if form.validate_on_submit():
        client = db.session.get(ApiClient, form.client_id.data) or abort(404)
        try:
            sub, secret = webhooks.create_subscription(actor=current_user, client=client, url=form.url.data,
                                                       kinds=form.kinds.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            _show(form, error)
        else:
            # Rendered, not redirected: the secret is shown this once and kept nowhere but the database.
            return _no_store(make_response(render_template("api/webhooks/secret.html", sub=sub, secret=secret,
                                                           rotated=False)))
    status = 200 if request.method == "GET" else 422
    return render_template("api/webhooks/form.html", form=form, sub=None), status


@bp.route("/<int:sub_id>/edit", methods=["GET", "POST"])
@login_required
def edit(sub_id: int):
    sub = webhooks.get_subscription_or_404(sub_id)
    _require_admin()
    form = SubscriptionForm(obj=sub)
    form.client_id.choices = [(sub.client_id, f"{sub.client.name} – {sub.client.unit.name}")]
    form.client_id.data = sub.client_id
    if request.method == "GET":
        form.kinds.data = sorted(sub.kind_set)
    if form.validate_on_submit():
        try:
            webhooks.update_subscription(actor=current_user, sub=sub, url=form.url.data, kinds=form.kinds.data,
                                         is_active=form.is_active.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            _show(form, error)
        else:
            flash("Đã lưu đăng ký webhook.", "success")
            return redirect(url_for("webhooks.detail", sub_id=sub.id))
    status = 200 if request.method == "GET" else 422
    return render_template("api/webhooks/form.html", form=form, sub=sub), status


@bp.post("/<int:sub_id>/rotate")
@login_required
def rotate(sub_id: int):
    sub = webhooks.get_subscription_or_404(sub_id)
    _require_admin()
    secret = webhooks.rotate_secret(actor=current_user, sub=sub)
    db.session.commit()
    return _no_store(make_response(render_template("api/webhooks/secret.html", sub=sub, secret=secret,
                                                   rotated=True)))


@bp.get("/<int:sub_id>")
@login_required
def detail(sub_id: int):
    sub = webhooks.get_subscription_or_404(sub_id)
    _require_admin()
    page = db.paginate(webhooks.deliveries_of(sub), page=page_arg(), per_page=50, error_out=False)
    return render_template("api/webhooks/detail.html", sub=sub, page=page,
                           attempts=webhooks.attempts_of(page.items))


@bp.post("/deliveries/<int:delivery_id>/resend")
@login_required
def resend(delivery_id: int):
    delivery = webhooks.get_delivery_or_404(delivery_id)
    _require_admin()
    try:
        webhooks.resend(actor=current_user, delivery=delivery)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        flash(f"Đã xếp lịch gửi lại sự kiện {delivery.event_id}; hệ thống gửi trong vòng một phút.", "success")
    return redirect(url_for("webhooks.detail", sub_id=delivery.subscription_id))
