"""A date typed the Vietnamese way (dd/mm/yyyy and its shortcuts), in a text field whatever the browser's language."""
from __future__ import annotations

import re
from datetime import date

from wtforms import Field
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

FORMAT_HINT = "ngày/tháng/năm, ví dụ 30/11/2026"
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DIGITS = re.compile(r"\d{8}|\d{6}")
MIN_YEAR, MAX_YEAR = 1900, 2200


class DateInputError(ValueError):
    """The text is not a date; the message says why, in Vietnamese."""


def parse_vn_date(text: str) -> date:
    """"30/11/2026", "30-11-2026", "30.11.2026", "30/11/26", "30112026", "301126", "2026-11-30" → date.

    Two-digit years are 20yy. Raises DateInputError (Vietnamese message) for anything else or an impossible day.
    """
    raw = (text or "").strip()
    if m := _ISO.fullmatch(raw):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in m.groups())
        year += 2000 if len(m.group(3)) == 2 else 0
    elif _DIGITS.fullmatch(raw):
        day, month, year = int(raw[:2]), int(raw[2:4]), int(raw[4:])
        year += 2000 if len(raw) == 6 else 0
    else:
        raise DateInputError(f"“{raw[:40]}” không phải là ngày; hãy nhập theo dạng {FORMAT_HINT}.")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateInputError(f"Năm {year} không hợp lệ; hãy nhập theo dạng {FORMAT_HINT}.")
    if not 1 <= month <= 12:
        raise DateInputError(f"Không có tháng {month}; hãy nhập theo dạng {FORMAT_HINT}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(f"Tháng {month}/{year} không có ngày {day}.") from None


class VNDateField(Field):
    """A text input showing dd/mm/yyyy; the date picker (static/js/datepicker.js) attaches to it.

    A date that cannot be read keeps what the user typed in the field and stops its other validators,
    so the form comes back with one Vietnamese message and everything else as it was.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "data-datepicker": "",
                     "inputmode": "numeric", "maxlength": "20", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist) -> None:
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        try:
            self.data = parse_vn_date(text)
        except DateInputError as error:
            self.data = None
            raise ValueError(str(error)) from None

    def pre_validate(self, form) -> None:
        if self.process_errors:
            raise StopValidation()
