"""Flask-Babel in Vietnamese (vi, Asia/Ho_Chi_Minh) and WTForms' own messages in Vietnamese."""
from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, request

from tracker.core import formats

CATALOGUE = Path(__file__).resolve().parent.parent / "translations" / "vi" / "LC_MESSAGES" / "wtforms.po"


@cache
def wtforms_translations() -> Translations:
    """WTForms ships no Vietnamese catalogue: ours is compiled from its .po once, in memory."""
    with CATALOGUE.open("rb") as source:
        catalog = read_po(source, locale="vi")
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain="wtforms")


def register(app: Flask) -> None:
    """Every request speaks Vietnamese; Flask-WTF reads the catalogue it finds on the request."""
    from flask_babel import Babel

    app.config.setdefault("BABEL_DEFAULT_LOCALE", formats.LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config.get("TIMEZONE", "Asia/Ho_Chi_Minh"))
    Babel(app, locale_selector=lambda: formats.LOCALE,
          timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])

    @app.before_request
    def use_vietnamese_wtforms_messages() -> None:
        # flask_wtf.i18n looks for `request.wtforms_translations` before loading WTForms' own catalogues.
        request.wtforms_translations = wtforms_translations()
