"""tracker: carry a directive down the chain of Vietnamese party and state bodies and its results back up."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from tracker.config import build_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app in named steps; `config` overrides the environment (tests)."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.update(build_config(Path(app.instance_path), config))
    register_proxy(app)
    register_extensions(app)
    register_input_guards(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def register_proxy(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address and scheme from their X-Forwarded-* headers
    (gunicorn's --forwarded-allow-ips sets the scheme only, never the address)."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_extensions(app: Flask) -> None:
    from tracker.core.db import configure_engine
    from tracker.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "strong"
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    from tracker.auth import services as auth_services

    login_manager.user_loader(auth_services.load_user)


def register_input_guards(app: Flask) -> None:
    from tracker.core import headers, inputs

    inputs.register(app)
    headers.register(app)


def register_blueprints(app: Flask) -> None:
    from tracker.admin.routes import bp as admin_bp
    from tracker.api.webhook_routes import bp as webhooks_bp
    from tracker.auth.routes import bp as auth_bp
    from tracker.calendars.routes import bp as calendars_bp
    from tracker.duties.routes import bp as duties_bp
    from tracker.main.routes import bp as main_bp
    from tracker.notifications.routes import bp as notifications_bp
    from tracker.plans.import_job_routes import bp as import_jobs_bp
    from tracker.plans.import_routes import bp as plan_import_bp
    from tracker.plans.routes import bp as plans_bp
    from tracker.reports.routes import bp as reports_bp
    from tracker.search.routes import bp as search_bp
    from tracker.tasks.routes import bp as tasks_bp
    from tracker.units.routes import bp as units_bp

    for bp in (main_bp, auth_bp, units_bp, plans_bp, plan_import_bp, import_jobs_bp, tasks_bp, admin_bp, duties_bp,
               reports_bp, calendars_bp, notifications_bp, search_bp, webhooks_bp):
        app.register_blueprint(bp)
    from tracker.api import register as register_api

    register_api(app)


def register_errorhandlers(app: Flask) -> None:
    from tracker.core.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from tracker.core.i18n import register as register_i18n
    from tracker.core.templating import register

    register_i18n(app)
    register(app)
    if app.config.get("STRICT_TEMPLATES"):
        # The tests: a variable a route forgets to pass fails the page instead of printing nothing (the add-task
        # page once lost its lists of units that way). Served pages keep Jinja's lenient default.
        from tracker.core.templating import MissingNameUndefined

        app.jinja_env.undefined = MissingNameUndefined


def register_commands(app: Flask) -> None:
    from tracker.commands import register

    register(app)
