"""Jinja filters and globals: sanitised Markdown, Vietnamese numbers and dates, permission predicates."""
from __future__ import annotations

from flask import Flask
from jinja2 import Undefined
from jinja2.utils import missing

from tracker import permissions
from tracker.core import formats
from tracker.core.datefield import DateInputError, parse_vn_date
from tracker.core.markdown import render_markdown
from tracker.core.workdays import effective_due_note


def date_input(value) -> str:
    """A date for a text input: a date or an ISO string as dd/mm/yyyy; anything else (what was typed) as is."""
    if not value:
        return ""
    if hasattr(value, "strftime"):
        return formats.vn_date(value)
    try:
        return formats.vn_date(parse_vn_date(str(value)))
    except DateInputError:
        return str(value)


def progress_tone(percent: float | int | None) -> str:
    """A Bootstrap colour for a completion percentage: nothing done is never green."""
    value = percent or 0
    if value >= 100:
        return "success"
    if value >= 50:
        return "primary"
    if value > 0:
        return "warning"
    return "danger"


def page_window(current: int, pages: int, around: int = 2) -> list[int | None]:
    """The page numbers a pager shows: the first, the last and a few around the current one, None for a gap
    ("1 … 6 7 8 9 10 … 1334"): the nation's monitor view has 1,334 pages, and a link for each was a fifth of it."""
    keep = {1, pages} | set(range(max(1, current - around), min(pages, current + around) + 1))
    window: list[int | None] = []
    for number in sorted(keep):
        if window and number - window[-1] > 1:
            window.append(None if number - window[-1] > 2 else number - 1)
        window.append(number)
    return window


def register(app: Flask) -> None:
    """Install filters and the can_* predicates as template globals."""
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["vndate"] = formats.vn_date
    app.jinja_env.filters["vndatetime"] = formats.vn_datetime
    app.jinja_env.filters["dateinput"] = date_input
    app.jinja_env.filters["number"] = formats.vn_number
    app.jinja_env.filters["percent"] = formats.vn_percent
    app.jinja_env.filters["filesize"] = formats.vn_filesize
    app.jinja_env.filters["tone"] = progress_tone
    app.jinja_env.filters["due_note"] = effective_due_note
    app.jinja_env.globals["page_window"] = page_window
    app.jinja_env.globals.update({name: getattr(permissions, name) for name in dir(permissions)
                                  if name.startswith("can_")})
    app.jinja_env.globals.update(is_assigning_body=permissions.is_assigning_body,
                                 confirm_conflict=permissions.confirm_conflict)


class MissingNameUndefined(Undefined):
    """Jinja's lenient Undefined, except for a name the template uses and its route did not pass: printing,
    testing or looping over that raises (the tests use it; served pages keep the lenient default). A missing key
    or attribute of something passed (an optional field of a review row) stays empty."""

    __slots__ = ()

    def _name_missing(self) -> bool:
        return self._undefined_obj is missing

    def __str__(self) -> str:
        if self._name_missing():
            self._fail_with_undefined_error()
        return super().__str__()

    def __iter__(self):
        if self._name_missing():
            self._fail_with_undefined_error()
        return super().__iter__()

    def __bool__(self) -> bool:
        if self._name_missing():
            self._fail_with_undefined_error()
        return super().__bool__()

    def __len__(self) -> int:
        if self._name_missing():
            self._fail_with_undefined_error()
        return super().__len__()
