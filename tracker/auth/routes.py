"""Login and logout."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth import services
from tracker.auth.forms import LoginForm, PasswordForm
from tracker.core.exceptions import DomainError
from tracker.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a local path is followed after login (no open redirect)."""
    if not target:
        return url_for("main.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("main.index")
    return target


def _account_key() -> str:
    return "login-account:" + (request.form.get("username") or "").strip().lower()[:60]


def _failed_login(response) -> bool:  # noqa: ANN001
    return response.status_code == 401


def _per_account() -> str:
    from flask import current_app

    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _per_address() -> str:
    from flask import current_app

    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


@bp.route("/login", methods=["GET", "POST"])
# Only failed attempts count; once a limit is reached every attempt (even a right password) waits.
@limiter.limit(_per_account, key_func=_account_key, methods=["POST"], deduct_when=_failed_login)
@limiter.limit(_per_address, methods=["POST"], deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.username.data, form.password.data)
        except DomainError as error:
            flash(str(error), "danger")
            return render_template("auth/login.html", form=form), 401
        session.clear()
        login_user(user, remember=form.remember.data)
        flash(f"Xin chào {user.full_name}.", "success")
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.post("/logout")
@login_required
def logout():
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_own_password(user=current_user, current=form.current.data, new=form.new.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "danger")
            return render_template("auth/password.html", form=form), 422
        db.session.commit()
        login_user(current_user._get_current_object())  # this session goes on with the new version
        flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã bị đăng xuất.", "success")
        return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form), 200 if request.method == "GET" else 422
