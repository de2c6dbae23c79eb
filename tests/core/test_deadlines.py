"""Deadline phrases: dates, quarters, ranges, recurring periods, relative windows, and their properties."""
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.deadlines import (
    KINDS, PERIODS, DeadlineContext, find_deadlines, format_quarter, format_vn_date, parse_deadline, parse_quarter,
    parse_roman, parse_vn_date, quarter_bounds, to_roman,
)

SESSION = ("Thực hiện Kế hoạch 165/KH-UBND (Kỳ họp tiến hành theo hai đợt: Đợt một từ ngày 20/05/2024 đến ngày "
           "08/06/2024 và đợt hai từ ngày 17/06/2024 đến ngày 28/06/2024), UBND phường xây dựng Kế hoạch.")


@pytest.mark.parametrize("text,expected", [
    ("24/12/2024", date(2024, 12, 24)),
    ("02/5/2025", date(2025, 5, 2)),
    ("ngày 13 tháng 5 năm 2026", date(2026, 5, 13)),
    ("ngày 07/3/2025", date(2025, 3, 7)),
    ("31/02/2024", None),
    ("13/13/2024", None),
    ("24/12", None),
    ("hôm nay", None),
])
def test_parse_vn_date(text, expected):
    assert parse_vn_date(text) == expected


def test_day_and_month_take_the_default_year():
    assert parse_vn_date("30/4", default_year=2025) == date(2025, 4, 30)


@pytest.mark.parametrize("text,expected", [
    ("quý I/2025", (2025, 1)), ("Quý IV năm 2024", (2024, 4)), ("trong quý II/2026", (2026, 2)),
    ("quý 3/2025", (2025, 3)), ("quý V/2025", None), ("quý IIII/2025", None), ("quý 5", None), ("quý", None),
])
def test_parse_quarter(text, expected):
    assert parse_quarter(text) == expected


def test_quarter_without_year_takes_the_default():
    assert parse_quarter("trong quý III", default_year=2025) == (2025, 3)
    assert parse_quarter("quý III") == (None, 3)


def test_quarter_bounds_and_roman_limits():
    assert quarter_bounds(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    with pytest.raises(ValueError):
        quarter_bounds(2025, 5)
    with pytest.raises(ValueError):
        to_roman(0)
    assert [parse_roman(r) for r in ("I", "ii", "III", "IV", "V", "", "IIII", "VI")] == [1, 2, 3, 4, None, None,
                                                                                        None, None]


def _kinds(text, ctx=None):
    return [s.kind for s in find_deadlines(text, ctx)]


def test_quarter_date_and_range_deadlines():
    spec = parse_deadline("báo cáo về Ban Nội chính Tỉnh uỷ trong quý I/2025.")
    assert (spec.kind, spec.due_on, spec.start_on, spec.quarter) == ("quarter", date(2025, 3, 31), date(2025, 1, 1), 1)
    assert spec.phrase == "trong quý I/2025"
    spec = parse_deadline("qua Ban Nội chính Thành ủy để tổng hợp trước 30/4/2025.")
    assert (spec.kind, spec.due_on, spec.phrase) == ("date", date(2025, 4, 30), "trước 30/4/2025")
    spec = parse_deadline("từ ngày 20/05/2024 đến ngày 08/06/2024")
    assert (spec.kind, spec.start_on, spec.end_on, spec.due_on) == ("range", date(2024, 5, 20), date(2024, 6, 8),
                                                                   date(2024, 6, 8))


def test_recurring_periods_keep_their_order():
    spec = parse_deadline("báo cáo định kỳ hằng quý, 6 tháng, 9 tháng, năm và báo cáo đột xuất")
    assert spec.kind == "recurring"
    assert spec.periods == ("quarter", "half_year", "nine_months", "year")
    assert _kinds("báo cáo định kỳ hằng quý, 6 tháng, 9 tháng, năm và báo cáo đột xuất") == ["recurring", "ad_hoc"]
    assert parse_deadline("định kỳ tổng hợp, báo cáo").periods == ()
    assert parse_deadline("đưa vào chương trình hàng năm").periods == ("year",)


def test_ongoing_ad_hoc_and_weekend_on_request():
    assert _kinds("Thường xuyên nắm chắc tình hình") == ["ongoing"]
    assert _kinds("cung cấp hồ sơ theo yêu cầu của UBND phường") == ["ad_hoc"]
    text = "cử cán bộ trực các ngày thứ Bảy và Chủ nhật khi có yêu cầu của lãnh đạo UBND phường."
    assert _kinds(text) == ["weekend_on_request"]
    assert parse_deadline(text).phrase == "các ngày thứ Bảy và Chủ nhật khi có yêu cầu"


def test_relative_window_finds_the_session_dates_elsewhere_in_the_text():
    ctx = DeadlineContext.from_text(SESSION, 2024)
    spec = parse_deadline("tiếp công dân thường xuyên trước, trong và sau thời gian diễn ra Kỳ họp; cử cán bộ", ctx)
    assert spec.kind == "relative" and spec.anchor == "Kỳ họp"
    assert spec.window == ("before", "during", "after")
    assert spec.ranges == ((date(2024, 5, 20), date(2024, 6, 8)), (date(2024, 6, 17), date(2024, 6, 28)))
    assert (spec.start_on, spec.end_on, spec.due_on) == (date(2024, 5, 20), date(2024, 6, 28), None)
    during = parse_deadline("trong thời gian diễn ra Kỳ họp thứ 7, Quốc hội khóa XV.", ctx)
    assert during.window == ("during",) and during.anchor == "Kỳ họp thứ 7" and during.ranges == spec.ranges


def test_relative_without_a_known_anchor_keeps_the_phrase_and_no_dates():
    spec = parse_deadline("trước, trong và sau thời gian diễn ra Đại hội")
    assert spec.kind == "relative" and spec.anchor == "Đại hội" and spec.start_on is None and spec.ranges == ()


def test_issue_dates_of_cited_documents_are_not_deadlines():
    assert find_deadlines("Kết luận số 107-KL/TW ngày 24/12/2024 của Bộ Chính trị") == []


def test_month_and_year_deadlines():
    assert parse_deadline("hoàn thành trong tháng 6/2025").due_on == date(2025, 6, 30)
    assert parse_deadline("trước tháng 6/2025").due_on == date(2025, 5, 31)
    assert parse_deadline("sơ kết 6 tháng đầu năm 2025").due_on == date(2025, 6, 30)
    assert parse_deadline("hoàn thành trong năm 2025").due_on == date(2025, 12, 31)


def test_repeated_phrases_are_reported_once_and_to_dict_is_json_ready():
    specs = find_deadlines("thường xuyên rà soát và thường xuyên báo cáo")
    assert len(specs) == 1
    data = parse_deadline("trong quý I/2025").to_dict()
    assert data == {"kind": "quarter", "phrase": "trong quý I/2025", "due_on": "2025-03-31",
                    "start_on": "2025-01-01", "end_on": "2025-03-31", "periods": [], "quarter": 1, "anchor": None,
                    "window": [], "ranges": []}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_date_round_trip(value):
    assert parse_vn_date(format_vn_date(value)) == value
    assert parse_vn_date(f"ngày {value.day} tháng {value.month} năm {value.year}") == value


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=4))
def test_quarter_round_trip_and_bounds(year, quarter):
    assert parse_quarter(format_quarter(year, quarter)) == (year, quarter)
    start, end = quarter_bounds(year, quarter)
    assert start.year == end.year == year and (end - start).days in (89, 90, 91)
    spec = parse_deadline(f"trong {format_quarter(year, quarter)}")
    assert spec.due_on == end and spec.quarter == quarter


@given(st.text(alphabet="IVXLivx", min_size=1, max_size=6))
def test_roman_numerals_one_to_four_only(text):
    expected = {"I": 1, "II": 2, "III": 3, "IV": 4}.get(text.upper())
    assert parse_roman(text) == expected
    quarter = parse_quarter(f"quý {text}/2025")
    assert quarter == ((2025, expected) if expected else None)


@given(st.text())
def test_no_crash_on_any_text(text):
    for spec in find_deadlines(text, DeadlineContext.from_text(text, 2025)):
        assert spec.kind in KINDS
        assert set(spec.periods) <= set(PERIODS)
        assert spec.phrase and spec.phrase in unicodedata.normalize("NFC", text)
    parse_vn_date(text)
    parse_quarter(text)
    parse_roman(text)


PERIOD_WORDS = {"month": "hằng tháng", "quarter": "hằng quý", "half_year": "6 tháng", "nine_months": "9 tháng",
                "year": "năm"}


@given(st.lists(st.sampled_from(PERIODS), min_size=1, unique=True), st.sampled_from([", ", " và "]))
def test_recurring_periods_round_trip(periods, separator):
    ordered = [p for p in ("month", "quarter", "half_year", "nine_months", "year") if p in periods]
    written = "báo cáo định kỳ " + separator.join(PERIOD_WORDS[p] for p in ordered) + " về Sở Nội vụ"
    spec = parse_deadline(written)
    assert spec.kind == "recurring" and spec.periods == tuple(ordered)
    assert spec.phrase.startswith("định kỳ") and written.count(spec.phrase) == 1


# --- phrases of real plans beyond the seeds ------------------------------------------------------------------

import pytest as _pytest  # noqa: E402

from tracker.core.deadlines import DeadlineContext as _Ctx, find_deadlines as _find  # noqa: E402


@_pytest.mark.parametrize("phrase, kind, due, periods", [
    ("trước 19h00 hằng ngày", "recurring", None, ("day",)),
    ("báo cáo hằng ngày", "recurring", None, ("day",)),
    ("trước ngày 20 hằng tháng", "recurring", None, ("month",)),
    ("3 tháng một lần", "recurring", None, ("quarter",)),
    ("định kỳ 6 tháng/lần", "recurring", None, ("half_year",)),
    ("trước 17 giờ 00, ngày 01/02/2026", "date", "2026-02-01", ()),
    ("Tháng 11/2025", "date", "2025-11-30", ()),
    ("trong tháng 12/2025", "date", "2025-12-31", ()),
    ("Hàng năm", "recurring", None, ("year",)),
])
def test_more_deadline_phrases(phrase, kind, due, periods):
    spec = _find(phrase, _Ctx(year=2026))[0]
    assert (spec.kind, spec.due_on.isoformat() if spec.due_on else None, spec.periods) == (kind, due, periods)


def test_from_a_year_on_is_ongoing_from_its_first_day():
    spec = _find("thực hiện trong năm 2026 và các năm tiếp theo")[0]
    assert (spec.kind, spec.start_on.isoformat(), spec.due_on) == ("ongoing", "2026-01-01", None)


def test_a_span_of_years_is_a_deadline_only_where_a_time_is_expected():
    assert not _find("Quy hoạch tỉnh thời kỳ 2021 - 2030, tầm nhìn đến năm 2050")
    spec = _find("Giai đoạn 2026 - 2030", spans=True)[0]
    assert (spec.kind, spec.start_on.isoformat(), spec.due_on.isoformat()) == ("range", "2026-01-01", "2030-12-31")
