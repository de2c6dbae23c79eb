"""Vietnamese display formats through Babel: numbers "1.234", "8,3 %", "36,2 KB"; dates dd/mm/yyyy."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.numbers import format_decimal

from tracker.core.timeutil import to_vn

LOCALE = "vi"


def vn_number(value: float | int | None, digits: int = 1) -> str:
    """1234 → "1.234", 8.35 → "8,4" (at most `digits` decimals, none shown when they are zeros)."""
    if value is None:
        return ""
    return _formatted(value, digits)


@lru_cache(maxsize=4096)
def _formatted(value: float | int, digits: int) -> str:
    # Lists repeat the same few numbers (percentages, counts) hundreds of times: Babel formats each once.
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def vn_percent(value: float | int | None, digits: int = 1) -> str:
    """A percentage already on the 0–100 scale: 8.3 → "8,3 %" (Vietnamese puts a space before %)."""
    if value is None:
        return ""
    return f"{vn_number(value, digits)}\u00a0%"


def vn_filesize(size: int | None) -> str:
    """Bytes as "512 B", "36,2 KB", "1,5 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{vn_number(size, 0)}\u00a0B"
    if size < 1024 * 1024:
        return f"{vn_number(size / 1024)}\u00a0KB"
    return f"{vn_number(size / (1024 * 1024))}\u00a0MB"


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, whatever the browser's language."""
    return value.strftime("%d/%m/%Y") if value else ""


def vn_datetime(value: datetime | None) -> str:
    """A stored naive-UTC timestamp as "HH:MM dd/mm/yyyy" in Asia/Ho_Chi_Minh."""
    local = to_vn(value)
    return local.strftime("%H:%M %d/%m/%Y") if local else ""
