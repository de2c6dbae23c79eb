"""Request input that the database cannot hold, refused or cleaned in one place: ids beyond a 32-bit integer
(PostgreSQL's `integer`) and NUL characters (PostgreSQL refuses them in text)."""
from __future__ import annotations

from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number beyond the id column's range matches no route (404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002, ANN001 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(value: object) -> int | None:
    """An id typed into a form or query string: a positive integer the id column can hold, else None."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def page_arg() -> int:
    """The ?page= of a list: 1 when absent or garbled, at most 10,000 (an OFFSET the database can hold)."""
    return min(parse_id(request.args.get("page")) or 1, 10_000)


def parse_count(value: object, limit: int, default: int = 0) -> int:
    """A count a form sends back (rows, pages): a non-negative integer, at most `limit`; ValueError beyond."""
    text = str(value or "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ValueError(text)
    number = int(text)
    if number > limit:
        raise ValueError(text)
    return number


def _without_nul(values: ImmutableMultiDict) -> ImmutableMultiDict:
    return ImmutableMultiDict([(key.replace("\x00", ""), value.replace("\x00", ""))
                               for key, value in values.items(multi=True)])


def _clean_request() -> None:
    """NUL characters are removed from every query and form value before any form or route reads them."""
    if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
        request.args = _without_nul(request.args)
    if request.method in ("POST", "PUT", "PATCH") and request.form and any(
            "\x00" in key or "\x00" in value for key, value in request.form.items(multi=True)):
        request.form = _without_nul(request.form)


def register(app: Flask) -> None:
    """Install the id converter (before any blueprint adds a rule) and the NUL cleaning."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_clean_request)
