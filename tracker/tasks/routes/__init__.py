"""The tasks blueprint: the unit's tasks, task detail and tracking, plan sections, roll-up, derived plans."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

from tracker.tasks import imported, models  # noqa: E402,F401  - tables known to Alembic and the mapper; groups kept on import
from tracker.tasks.routes import coverage, derive, display, groups, manage, officers, plan_edit, plan_revoke  # noqa: E402,F401  - attach the views
