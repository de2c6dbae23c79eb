"""Working days in Vietnam: weekends and public holidays (lunar Tết included) via `holidays.VN`."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date, extra_days_off: frozenset[date] = frozenset()) -> bool:
    """Monday–Friday and not a public holiday (nor an announced extra day off)."""
    return day.weekday() < 5 and day not in _holidays(day.year) and day not in extra_days_off


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (negative when end < start)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    lo, hi = (start, end) if sign > 0 else (end, start)
    count = 0
    day = lo + timedelta(days=1)
    while day <= hi:
        count += is_working_day(day)
        day += timedelta(days=1)
    return sign * count


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after (n > 0) or before (n < 0) `start`."""
    step = 1 if n >= 0 else -1
    day, left = start, abs(n)
    while left:
        day += timedelta(days=step)
        left -= is_working_day(day)
    return day


@lru_cache(maxsize=4096)
def effective_due(day: date | None) -> date | None:
    """The last day a time limit really runs to: `day` itself, or, when `day` is a weekend or a public holiday,
    the next working day (Bộ luật Dân sự 2015, art. 148(5): the limit ends at the end of that working day).
    Every on-time, overdue, due-today, reminder and escalation decision compares against this date; pages and
    documents still show the written date, with this one beside it (effective_due_note)."""
    if day is None:
        return None
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def effective_due_note(day: date | None) -> str:
    """", tính đến 23/02/2026 do trùng ngày nghỉ" when the written date falls on a day off, else ""."""
    moved = effective_due(day)
    return f", tính đến {moved:%d/%m/%Y} do trùng ngày nghỉ" if moved and moved != day else ""
