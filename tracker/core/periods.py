"""Reporting periods and due dates: Nghị định 09/2019 data windows, calendar windows, quarters in Roman numerals."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

SCHEDULES = {"once": "Một lần", "quarter": "Hằng quý", "half": "6 tháng", "nine_months": "9 tháng",
             "year": "Hằng năm"}
CUTOFFS = {"nd09": "Theo Nghị định 09/2019 (15 tháng trước đến 14 tháng cuối kỳ)", "calendar": "Theo tháng dương lịch"}
_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
# (first month, last month) of each period, by schedule and index.
_MONTHS = {
    "quarter": {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)},
    "half": {1: (1, 6), 2: (7, 12)},
    "nine_months": {1: (1, 9)},
    "year": {1: (1, 12)},
}


def roman(n: int) -> str:
    """1 -> "I", 4 -> "IV" (quarters and section numbers)."""
    if not 1 <= n <= 39:
        raise ValueError(n)
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def from_roman(text: str) -> int:
    """"IV" -> 4; raises ValueError on anything else."""
    text = text.strip().upper()
    for n in range(1, 40):
        if roman(n) == text:
            return n
    raise ValueError(text)


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _clamped(year: int, month: int, day: int) -> date:
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    """One reporting period of a duty: data window [start_on, end_on] and the submission due date."""

    schedule: str
    year: int
    index: int
    start_on: date
    end_on: date
    due_on: date

    @property
    def key(self) -> str:
        """Stable key stored on expected submissions: "2025-Q1", "2025-H2", "2025-9M", "2025-Y", "once"."""
        return {"quarter": f"{self.year}-Q{self.index}", "half": f"{self.year}-H{self.index}",
                "nine_months": f"{self.year}-9M", "year": f"{self.year}-Y"}.get(self.schedule, "once")

    @property
    def label(self) -> str:
        """"Quý I/2025", "6 tháng đầu năm 2025", "9 tháng năm 2025", "Năm 2025", "Hạn 30/04/2025"."""
        if self.schedule == "quarter":
            return f"Quý {roman(self.index)}/{self.year}"
        if self.schedule == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.schedule == "nine_months":
            return f"9 tháng năm {self.year}"
        if self.schedule == "year":
            return f"Năm {self.year}"
        return f"Hạn {self.due_on:%d/%m/%Y}"


def data_window(schedule: str, year: int, index: int = 1, cutoff: str = "nd09") -> tuple[date, date]:
    """The data window a period's report covers.

    Nghị định 09/2019/NĐ-CP art. 12: from the 15th of the month before the period's first month to the
    14th of its last month (quarter I/2025 = 15/12/2024–14/3/2025); "calendar" = whole months.
    """
    first, last = _MONTHS[schedule][index]
    if cutoff == "calendar":
        return date(year, first, 1), month_end(year, last)
    start = date(year - 1, 12, 15) if first == 1 else date(year, first - 1, 15)
    return start, date(year, last, 14)


def due_date(schedule: str, year: int, index: int = 1, due_day: int = 18, month_offset: int = 0) -> date:
    """The submission due date: `due_day` of the period's last month plus `month_offset` months
    (clamped to the month's length: day 31 means the month's last day)."""
    _, last = _MONTHS[schedule][index]
    return _clamped(year, last + month_offset, due_day)


def period(schedule: str, year: int, index: int = 1, *, cutoff: str = "nd09", due_day: int = 18,
           month_offset: int = 0) -> Period:
    """One periodic Period."""
    if schedule not in _MONTHS or index not in _MONTHS[schedule]:
        raise ValueError(f"{schedule} {index}")
    start, end = data_window(schedule, year, index, cutoff)
    return Period(schedule, year, index, start, end, due_date(schedule, year, index, due_day, month_offset))


def one_off(due_on: date, start_on: date | None = None) -> Period:
    """A one-off duty ("trước 30/4/2025"): a single period ending on its due date."""
    return Period("once", due_on.year, 0, start_on or date(due_on.year, 1, 1), due_on, due_on)


def periods_between(schedule: str, first_year: int, last_year: int, **options) -> list[Period]:
    """Every period of `schedule` in the years first_year..last_year, in order of due date."""
    out = [period(schedule, y, i, **options) for y in range(first_year, last_year + 1) for i in _MONTHS[schedule]]
    return sorted(out, key=lambda p: (p.due_on, p.key))


_QUARTER = re.compile(r"qu[ýy]\s+([IVX]+|\d)\s*(?:/|năm|nam)\s*(\d{4})", re.IGNORECASE)


def quarter_deadline(text: str) -> date | None:
    """"trong quý I/2025" -> 31/3/2025 (the quarter's last calendar day); None when no quarter is named."""
    found = _QUARTER.search(text or "")
    if not found:
        return None
    raw = found.group(1)
    try:
        q = int(raw) if raw.isdigit() else from_roman(raw)
    except ValueError:
        return None
    if not 1 <= q <= 4:
        return None
    return month_end(int(found.group(2)), 3 * q)
