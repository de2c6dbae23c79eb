"""Jinja filters and globals: sanitised Markdown, Vietnamese dates, permission predicates."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask

from tracker import permissions
from tracker.core.markdown import render_markdown
from tracker.core.timeutil import to_vn
from tracker.core.workdays import effective_due_note


def vn_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: datetime | None) -> str:
    local = to_vn(value)
    return local.strftime("%H:%M %d/%m/%Y") if local else ""


def register(app: Flask) -> None:
    """Install filters and the can_* predicates as template globals."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["vndate"] = vn_date
    app.jinja_env.filters["vndatetime"] = vn_datetime
    app.jinja_env.filters["due_note"] = effective_due_note
    app.jinja_env.globals.update({name: getattr(permissions, name) for name in dir(permissions)
                                  if name.startswith("can_")})
    app.jinja_env.globals.update(is_assigning_body=permissions.is_assigning_body,
                                 confirm_conflict=permissions.confirm_conflict)
