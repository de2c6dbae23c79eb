"""The reports blueprint: compile, edit and finalise reports; documents out as .docx and PDF; signed copies in."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

from tracker.reports.routes import files, manage  # noqa: E402,F401  - attach the views
