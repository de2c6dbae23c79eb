"""Reporting periods (Nghị định 09/2019 windows), due dates, Roman quarters: examples and properties."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.core.periods import (data_window, due_date, from_roman, one_off, period, periods_between,
                                  quarter_deadline, roman)
from tracker.core.workdays import add_working_days, is_working_day

years = st.integers(min_value=2000, max_value=2100)


def test_nd09_windows_cross_the_year_boundary():
    assert data_window("quarter", 2025, 1) == (date(2024, 12, 15), date(2025, 3, 14))
    assert data_window("quarter", 2025, 4) == (date(2025, 9, 15), date(2025, 12, 14))
    assert data_window("half", 2025, 1) == (date(2024, 12, 15), date(2025, 6, 14))
    assert data_window("half", 2025, 2) == (date(2025, 6, 15), date(2025, 12, 14))
    assert data_window("nine_months", 2025) == (date(2024, 12, 15), date(2025, 9, 14))
    assert data_window("year", 2025) == (date(2024, 12, 15), date(2025, 12, 14))
    assert data_window("quarter", 2025, 1, cutoff="calendar") == (date(2025, 1, 1), date(2025, 3, 31))


def test_labels_use_roman_quarters_and_keys_are_stable():
    p = period("quarter", 2025, 1)
    assert (p.label, p.key, p.due_on) == ("Quý I/2025", "2025-Q1", date(2025, 3, 18))
    assert period("quarter", 2026, 4).label == "Quý IV/2026"
    assert period("half", 2025, 1).label == "6 tháng đầu năm 2025"
    assert period("nine_months", 2025).key == "2025-9M"
    assert period("year", 2025, due_day=25).due_on == date(2025, 12, 25)


def test_due_date_offset_and_month_end_clamp():
    assert due_date("quarter", 2025, 1, due_day=31) == date(2025, 3, 31)
    assert due_date("quarter", 2025, 2, due_day=31) == date(2025, 6, 30)
    assert due_date("quarter", 2025, 4, due_day=10, month_offset=1) == date(2026, 1, 10)
    assert due_date("half", 2024, 1, due_day=30, month_offset=2) == date(2024, 8, 30)


def test_due_date_on_tet_stays_written_but_reminders_count_working_days():
    # Tết Ất Tỵ: 29/1/2025 is mồng 1; the written date is kept, reminders skip the holiday week.
    p = one_off(date(2025, 1, 31))
    assert p.due_on == date(2025, 1, 31) and not is_working_day(p.due_on)
    assert add_working_days(p.due_on, -3) == date(2025, 1, 22)


def test_quarter_phrases():
    assert quarter_deadline("hoàn thành trong quý I/2025") == date(2025, 3, 31)
    assert quarter_deadline("trong Quý IV năm 2024") == date(2024, 12, 31)
    assert quarter_deadline("quý II/2024") == date(2024, 6, 30)
    assert quarter_deadline("thường xuyên") is None
    assert quarter_deadline("quý V/2025") is None


def test_unknown_period_is_refused():
    with pytest.raises(ValueError):
        period("quarter", 2025, 5)


@given(st.integers(min_value=1, max_value=39))
def test_roman_round_trip(n):
    assert from_roman(roman(n)) == n


@given(years, st.sampled_from(["nd09", "calendar"]))
def test_quarters_tile_the_year_window(year, cutoff):
    quarters = [data_window("quarter", year, q, cutoff) for q in (1, 2, 3, 4)]
    for (_, end), (start, _) in zip(quarters, quarters[1:]):
        assert start == end + timedelta(days=1)
    assert (quarters[0][0], quarters[-1][1]) == data_window("year", year, 1, cutoff)
    assert (quarters[0][0], quarters[1][1]) == data_window("half", year, 1, cutoff)
    assert (quarters[2][0], quarters[3][1]) == data_window("half", year, 2, cutoff)
    assert (quarters[0][0], quarters[2][1]) == data_window("nine_months", year, 1, cutoff)


@given(years)
def test_consecutive_years_are_contiguous(year):
    assert data_window("year", year + 1)[0] == data_window("year", year)[1] + timedelta(days=1)
    assert data_window("quarter", year + 1, 1)[0] == data_window("quarter", year, 4)[1] + timedelta(days=1)


@given(years, st.sampled_from(["quarter", "half", "nine_months", "year"]), st.integers(1, 31), st.integers(0, 2))
def test_due_dates_fall_after_the_cutoff_and_in_order(year, schedule, due_day, offset):
    periods = periods_between(schedule, year, year + 1, due_day=due_day, month_offset=offset)
    assert [p.due_on for p in periods] == sorted(p.due_on for p in periods)
    assert len({p.key for p in periods}) == len(periods)
    for p in periods:
        assert p.start_on <= p.end_on
        last_month = p.end_on.month
        assert (p.due_on.year * 12 + p.due_on.month) - (p.end_on.year * 12 + last_month) == offset
