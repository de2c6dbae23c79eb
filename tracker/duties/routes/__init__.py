"""The duties blueprint: dashboard, duty pages, submissions, notifications, outbox."""
from flask import Blueprint

bp = Blueprint("duties", __name__, url_prefix="/duties")

from tracker.duties.routes import display, manage, notices, remind  # noqa: E402,F401 - attach the views
