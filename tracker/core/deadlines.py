"""Deadline phrases of Vietnamese plans ("trong quý I/2025", "định kỳ hằng quý") turned into structured specs."""
from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.core.vntext import fold

KINDS = ("date", "quarter", "range", "relative", "recurring", "weekend_on_request", "ad_hoc", "ongoing")
PERIODS = ("day", "month", "quarter", "half_year", "nine_months", "year")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {n: r for r, n in _ROMAN.items()}


def parse_roman(text: str) -> int | None:
    """A quarter's Roman numeral: "I".."IV" (any case) -> 1..4; anything else -> None."""
    return _ROMAN.get((text or "").strip().upper())


def to_roman(number: int) -> str:
    """1..4 -> "I".."IV"; raises ValueError outside the four quarters."""
    if number not in _ROMAN_OF:
        raise ValueError(f"Quý phải từ 1 đến 4, không phải {number}.")
    return _ROMAN_OF[number]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _make_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


_SHORT = re.compile(r"(\d{1,2})\s*[/.]\s*(\d{1,2})(?:\s*[/.]\s*(\d{4}))?")
_LONG = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,?\s+năm\s+(\d{4}))?", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"^\s*(?:ngày\s+)?", re.IGNORECASE)


def parse_vn_date(text: str, default_year: int | None = None) -> date | None:
    """ "24/12/2024", "02/5/2025", "ngày 13 tháng 5 năm 2026" -> date; a day and month alone take
    `default_year`; anything else (or an impossible date) -> None."""
    body = _DATE_PREFIX.sub("", _norm(text)).strip().rstrip(".,;")
    for pattern in (_SHORT, _LONG):
        found = pattern.fullmatch(body)
        if found:
            year = int(found.group(3)) if found.group(3) else default_year
            return _make_date(year, int(found.group(2)), int(found.group(1)))
    return None


def format_vn_date(value: date) -> str:
    """The way plans write a date: "24/12/2024"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


_QUARTER = re.compile(r"(?:trong\s+)?quý\s+(IV|I{1,3}|[1-4])(?:\s*(?:/|năm)\s*(\d{4}))?", re.IGNORECASE)


def parse_quarter(text: str, default_year: int | None = None) -> tuple[int | None, int] | None:
    """ "quý I/2025", "Quý IV năm 2024", "trong quý II" -> (year, quarter); only I–IV (or 1–4)."""
    found = _QUARTER.fullmatch(_norm(text).strip().rstrip(".,;"))
    if not found:
        return None
    quarter = parse_roman(found.group(1)) or int(found.group(1))
    return (int(found.group(2)) if found.group(2) else default_year), quarter


def format_quarter(year: int, quarter: int) -> str:
    """(2025, 1) -> "quý I/2025"."""
    return f"quý {to_roman(quarter)}/{year}"


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a quarter: (2025, 1) -> 1/1/2025, 31/3/2025."""
    last_month = 3 * quarter if quarter in _ROMAN_OF else 0
    if not last_month:
        raise ValueError(f"Quý phải từ 1 đến 4, không phải {quarter}.")
    return date(year, last_month - 2, 1), _month_end(year, last_month)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class DeadlineSpec:
    """One deadline as written (`phrase`) and as understood; see docs/parser-json.md for each kind."""

    kind: str
    phrase: str
    due_on: date | None = None
    start_on: date | None = None
    end_on: date | None = None
    periods: tuple[str, ...] = ()
    quarter: int | None = None
    anchor: str | None = None
    window: tuple[str, ...] = ()
    ranges: tuple[tuple[date, date], ...] = ()

    def to_dict(self) -> dict:
        """Stable JSON: dates as ISO strings, tuples as lists."""
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        return {"kind": self.kind, "phrase": self.phrase, "due_on": iso(self.due_on),
                "start_on": iso(self.start_on), "end_on": iso(self.end_on), "periods": list(self.periods),
                "quarter": self.quarter, "anchor": self.anchor, "window": list(self.window),
                "ranges": [[iso(a), iso(b)] for a, b in self.ranges]}


_DATE = r"(?:\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)"
_RANGE = re.compile(rf"từ\s+(?:ngày\s+)?(?P<a>{_DATE})\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?(?P<b>{_DATE})",
                    re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class DeadlineContext:
    """What a phrase may need from the rest of the plan: its year, and the date ranges stated in it
    (with their sentence, folded) so "trong thời gian diễn ra Kỳ họp" can find the session's dates."""

    year: int | None = None
    spans: tuple[tuple[str, tuple[tuple[date, date], ...]], ...] = ()

    @classmethod
    def from_text(cls, text: str, year: int | None = None) -> DeadlineContext:
        """Collect every sentence of `text` that states one or more date ranges."""
        spans = []
        for sentence in _SENTENCE.split(_norm(text)):
            ranges = tuple(r for r in (_range_dates(m, year) for m in _RANGE.finditer(sentence)) if r)
            if ranges:
                spans.append((fold(sentence), ranges))
        return cls(year, tuple(spans))

    def anchor_ranges(self, anchor: str) -> tuple[tuple[date, date], ...]:
        """The ranges of the first sentence naming the anchor ("Kỳ họp" in "Kỳ họp thứ 7 ...")."""
        head = " ".join(fold(anchor).split()[:2])
        for sentence, ranges in self.spans if head else ():
            if re.search(rf"\b{re.escape(head)}\b", sentence):
                return ranges
        return ()


def _range_dates(found: re.Match, year: int | None) -> tuple[date, date] | None:
    end = parse_vn_date(found.group("b"), year)
    start = parse_vn_date(found.group("a"), end.year if end else year)
    return (start, end) if start and end and start <= end else None


_RELATIVE = re.compile(
    r"(?P<w>(?i:trước|trong|sau)(?:\s*(?:,|và|hoặc)\s*(?i:trước|trong|sau))*)\s+"
    r"(?i:(?:(?:thời\s+gian|quá\s+trình|thời\s+điểm)\s+)?(?:diễn\s+ra|tổ\s+chức|tiến\s+hành)|dịp)\s+"
    r"(?P<anchor>\w[^,.;:()\n]*)")
_WEEKEND = re.compile(r"(?:các\s+)?ngày\s+thứ\s+bảy\s*(?:,|và|hoặc)\s*chủ\s+nhật[^.;]{0,60}?khi\s+có\s+yêu\s+cầu",
                      re.IGNORECASE)
_TIME = r"(?:(?:lúc\s+)?\d{1,2}\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*)"
_ON_DATE = re.compile(rf"(?:trước|chậm\s+nhất|muộn\s+nhất|hạn\s+chót|không\s+quá|đến|hết)\s+{_TIME}?"
                      rf"(?:(?:là|vào)\s+)?(?:hết\s+)?(?:ngày\s+)?(?P<d>{_DATE})(?![\d/])", re.IGNORECASE)
_IN_MONTH = re.compile(r"(?:(?P<t>trong|trước|hết|cuối|đến)\s+|^\s*)tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})",
                       re.IGNORECASE)
_IN_YEAR = re.compile(r"(?P<h>6\s+tháng\s+đầu\s+năm|(?:trong|hết|cuối|đến\s+hết)\s+năm)\s+(?P<y>\d{4})",
                      re.IGNORECASE)
_QUARTER_IN_TEXT = re.compile(r"(?:(?:trong|hết|cuối|đến\s+hết)\s+)?quý\s+(?P<q>IV|I{1,3}|[1-4])(?![\w])"
                              r"(?P<more>(?:\s*(?:,|và|-|–)\s*(?:quý\s+)?(?:IV|I{1,3})(?![\w]))*)"
                              r"(?:\s*(?:/|,?\s*năm)\s*(?P<y>\d{4}))?", re.IGNORECASE)
_PERIOD = (r"(?:(?:hằng|hàng|mỗi)\s+)?(?:6\s+tháng|sáu\s+tháng|9\s+tháng|chín\s+tháng|quý|tháng|năm|ngày)"
           r"(?![\w/])(?!\s*\d)")
_RECURRING = re.compile(rf"định\s+kỳ(?P<list>(?:\s*(?:,|và)?\s*{_PERIOD})*)|(?P<list2>(?:hằng|hàng|mỗi)\s+(?:quý|tháng|năm|ngày)"
                        rf"(?![\w/])(?!\s*\d)(?:\s*(?:,|và)\s*{_PERIOD})*)", re.IGNORECASE)
_AD_HOC = re.compile(r"đột\s+xuất|khi\s+có\s+yêu\s+cầu|theo\s+yêu\s+cầu", re.IGNORECASE)
_ONGOING = re.compile(r"thường\s+xuyên", re.IGNORECASE)
_EVERY = re.compile(r"[^.;]{0,25}?(?:hằng|hàng|mỗi)\s+(?:năm|quý|tháng)", re.IGNORECASE)
_PERIOD_WORDS = [("6", "half_year"), ("sáu", "half_year"), ("9", "nine_months"), ("chín", "nine_months"),
                 ("quý", "quarter"), ("tháng", "month"), ("năm", "year"), ("ngày", "day")]
# "3 tháng một lần", "6 tháng/lần", "mỗi năm một lần"
_EVERY_N = re.compile(r"(?P<n>\d{1,2}|một|ba|sáu|chín|mỗi)\s+(?P<u>tháng|năm|quý)\s*(?:/|một|1)\s*lần", re.IGNORECASE)
_EVERY_N_PERIOD = {("3", "tháng"): "quarter", ("ba", "tháng"): "quarter", ("6", "tháng"): "half_year",
                   ("sáu", "tháng"): "half_year", ("9", "tháng"): "nine_months", ("chín", "tháng"): "nine_months",
                   ("1", "tháng"): "month", ("một", "tháng"): "month", ("mỗi", "tháng"): "month",
                   ("1", "năm"): "year", ("một", "năm"): "year", ("mỗi", "năm"): "year", ("1", "quý"): "quarter",
                   ("một", "quý"): "quarter", ("mỗi", "quý"): "quarter", ("12", "tháng"): "year"}
# "năm 2026 và các năm tiếp theo": from that year on
_FROM_YEAR = re.compile(r"(?:từ\s+)?năm\s+(?P<y>\d{4})\s+(?:và\s+)?(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau)",
                        re.IGNORECASE)
# "Giai đoạn 2026 - 2030", "2024 - 2025" (read where a time is expected: a time column or attribute)
_YEAR_SPAN = re.compile(r"(?:(?:trong\s+)?giai\s+đoạn\s+|từ\s+năm\s+|năm\s+)?(?<![\d/])(?P<a>(?:19|20)\d\d)\s*[-–]\s*"
                        r"(?:năm\s+)?(?P<b>(?:19|20)\d\d)(?![\d/])", re.IGNORECASE)


def _periods(listing: str) -> tuple[str, ...]:
    found = []
    for item in re.findall(_PERIOD, listing, re.IGNORECASE):
        word = item.lower().split()
        word = [w for w in word if w not in ("hằng", "hàng", "mỗi")][0]
        period = next(p for w, p in _PERIOD_WORDS if w == word)
        if period not in found:
            found.append(period)
    return tuple(found)


def _spec_at(found: re.Match, which: str, ctx: DeadlineContext) -> DeadlineSpec | None:
    phrase, year = found.group(0), ctx.year
    if which == "range":
        dates = _range_dates(found, year)
        return DeadlineSpec("range", phrase, dates[1], dates[0], dates[1]) if dates else None
    if which == "relative":
        anchor = found.group("anchor").strip()
        if not anchor[0].isupper():
            return None
        ranges = ctx.anchor_ranges(anchor)
        window = tuple(w for w in ("before", "during", "after")
                       if {"before": "trước", "during": "trong", "after": "sau"}[w] in found.group("w").lower())
        return DeadlineSpec("relative", phrase, None, ranges[0][0] if ranges else None,
                            ranges[-1][1] if ranges else None, anchor=anchor, window=window, ranges=ranges)
    if which == "weekend":
        return DeadlineSpec("weekend_on_request", phrase)
    if which == "date":
        if not re.search(r"\d{4}", found.group("d")) and _EVERY.match(found.string, found.end()):
            return None  # "trước ngày 15/6 và 15/12 hằng năm": a yearly due day, read as recurring
        due = parse_vn_date(found.group("d"), year)
        return DeadlineSpec("date", phrase, due) if due else None
    if which == "month":
        month, y = int(found.group("m")), int(found.group("y"))
        if not 1 <= month <= 12:
            return None
        before = (found.group("t") or "").lower() == "trước"
        due = date(y, month, 1) - timedelta(days=1) if before else _month_end(y, month)
        return DeadlineSpec("date", phrase, due)
    if which == "year":
        y = int(found.group("y"))
        return DeadlineSpec("date", phrase, date(y, 6, 30) if found.group("h")[0] == "6" else date(y, 12, 31))
    if which == "quarter":
        quarter = parse_roman(found.group("q")) or int(found.group("q"))
        y = int(found.group("y")) if found.group("y") else year
        start, end = quarter_bounds(y, quarter) if y else (None, None)
        later = re.findall(r"IV|I{1,3}", found.group("more") or "", re.IGNORECASE)
        if later and y:  # "Quý III, IV/2026": from the first quarter named to the end of the last
            last = parse_roman(later[-1])
            if last and last > quarter:
                return DeadlineSpec("range", phrase, quarter_bounds(y, last)[1], start, quarter_bounds(y, last)[1])
        return DeadlineSpec("quarter", phrase, end, start, end, quarter=quarter)
    if which == "recurring":
        return DeadlineSpec("recurring", phrase, periods=_periods(found.group("list") or found.group("list2") or ""))
    if which == "every_n":
        period = _EVERY_N_PERIOD.get((found.group("n").lower(), found.group("u").lower()))
        return DeadlineSpec("recurring", phrase, periods=(period,)) if period else None
    if which == "from_year":
        return DeadlineSpec("ongoing", phrase, start_on=date(int(found.group("y")), 1, 1))
    if which == "year_span":
        a, b = int(found.group("a")), int(found.group("b"))
        if not a <= b <= a + 30:
            return None
        return DeadlineSpec("range", phrase, date(b, 12, 31), date(a, 1, 1), date(b, 12, 31))
    return DeadlineSpec(which, phrase)


# Order of reading: longer, more specific phrases first, so "khi có yêu cầu" inside a weekend duty or a
# date inside a range is not read twice.
_READERS = [("range", _RANGE), ("relative", _RELATIVE), ("weekend", _WEEKEND), ("from_year", _FROM_YEAR),
            ("month", _IN_MONTH), ("year", _IN_YEAR), ("date", _ON_DATE), ("quarter", _QUARTER_IN_TEXT),
            ("every_n", _EVERY_N), ("recurring", _RECURRING), ("ad_hoc", _AD_HOC), ("ongoing", _ONGOING)]
# Words a phrase of each reader cannot do without: a cheap test before the pattern runs.
_NEEDS = {"range": ("từ",), "relative": ("diễn ra", "tổ chức", "tiến hành", "dịp"), "weekend": ("chủ nhật",),
          "month": ("tháng",), "year": ("năm",), "date": ("/", "tháng"), "quarter": ("quý",),
          "recurring": ("định kỳ", "hằng", "hàng", "mỗi"), "ad_hoc": ("đột xuất", "yêu cầu"),
          "ongoing": ("thường xuyên",), "every_n": ("lần",), "from_year": ("tiếp theo", "năm sau"),
          "year_span": ("-", "–")}


def find_deadlines(text: str, context: DeadlineContext | None = None, spans: bool = False) -> list[DeadlineSpec]:
    """Every deadline phrase in `text`, in reading order, without repeats. With `spans`, a span of years
    ("2024 - 2025", "Giai đoạn 2026 - 2030") is a deadline too: say so where a time is expected (a time
    column, "Thời gian thực hiện: …"), since running text names periods that are not deadlines."""
    text, ctx = _norm(text), context or DeadlineContext()
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, DeadlineSpec]] = []
    lowered = text.lower()
    readers = _READERS + [("year_span", _YEAR_SPAN)] if spans else _READERS
    for which, pattern in readers:
        if not any(word in lowered for word in _NEEDS[which]):
            continue
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            try:
                spec = _spec_at(match, which, ctx)
            except ValueError:
                spec = None
            if spec is not None:
                taken.append(match.span())
                found.append((match.start(), spec))
    unique: dict[str, DeadlineSpec] = {}
    for _, spec in sorted(found, key=lambda item: item[0]):
        repeated = spec.kind == "recurring" and spec.periods and any(
            s.kind == "recurring" and set(spec.periods) <= set(s.periods) for s in unique.values())
        if not repeated:
            unique.setdefault(repr({k: v for k, v in spec.to_dict().items() if k != "phrase"}), spec)
    specs = list(unique.values())
    if any(s.kind == "recurring" and s.periods for s in specs):  # "định kỳ ... hằng tháng": one recurrence
        specs = [s for s in specs if s.kind != "recurring" or s.periods]
    return specs


def parse_deadline(phrase_or_sentence: str, context: DeadlineContext | None = None) -> DeadlineSpec | None:
    """The main deadline of a phrase or sentence: a date, quarter, range or relative window before a
    recurrence, which comes before "đột xuất" and "thường xuyên"; None when there is none."""
    specs = find_deadlines(phrase_or_sentence, context)
    return min(specs, key=lambda s: KINDS.index(s.kind)) if specs else None
