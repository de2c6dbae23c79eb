"""Vietnamese formats through Babel, the date parser behind every date field, and the one name of a document."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tracker.core.datefield import DateInputError, parse_vn_date
from tracker.core.formats import vn_date, vn_datetime, vn_filesize, vn_number, vn_percent
from tracker.core.templating import date_input, progress_tone
from tracker.plans.models import Document

NBSP = "\u00a0"


def test_numbers_percents_and_sizes_are_vietnamese():
    assert vn_number(1234) == "1.234" and vn_number(1234567) == "1.234.567"
    assert vn_number(8.3) == "8,3" and vn_number(60.0) == "60" and vn_number(None) == ""
    assert vn_percent(8.3) == f"8,3{NBSP}%" and vn_percent(100) == f"100{NBSP}%" and vn_percent(0) == f"0{NBSP}%"
    assert vn_filesize(512) == f"512{NBSP}B" and vn_filesize(37069) == f"36,2{NBSP}KB"
    assert vn_filesize(3 * 1024 * 1024 // 2) == f"1,5{NBSP}MB"


def test_dates_are_day_first_and_in_vietnam_time():
    assert vn_date(date(2026, 1, 8)) == "08/01/2026" and vn_date(None) == ""
    assert vn_datetime(datetime(2026, 11, 29, 20, 30)) == "03:30 30/11/2026"  # UTC+7 crosses midnight


@pytest.mark.parametrize("text", ["30/11/2026", "30112026", "30/11/26", "30-11-2026", "30.11.2026", "2026-11-30",
                                  " 30 / 11 / 2026 ", "301126"])
def test_every_way_of_typing_a_date(text):
    assert parse_vn_date(text) == date(2026, 11, 30)


@pytest.mark.parametrize("text, message", [
    ("31/02/2026", "Tháng 2/2026 không có ngày 31."), ("2026-13-01", "Không có tháng 13"),
    ("abc", "“abc” không phải là ngày"), ("01/01/12026", "không phải là ngày"), ("00/01/2026", "không có ngày 0"),
    ("30/11/1800", "Năm 1800 không hợp lệ")])
def test_impossible_dates_are_refused_in_vietnamese(text, message):
    with pytest.raises(DateInputError, match=message):
        parse_vn_date(text)


def test_date_input_shows_day_first_and_keeps_what_cannot_be_read():
    assert date_input("2026-05-13") == "13/05/2026" and date_input(date(2026, 5, 13)) == "13/05/2026"
    assert date_input("31/02/2026") == "31/02/2026" and date_input(None) == ""


def test_progress_is_never_green_at_zero():
    assert [progress_tone(v) for v in (0, None, 10, 49, 50, 99, 100)] == [
        "danger", "danger", "warning", "warning", "primary", "primary", "success"]


@pytest.mark.parametrize("fields, name", [
    (dict(number_text="160/KH-UBND", number="160", issued_on=date(2026, 5, 13), issuer_name="UBND tỉnh Ninh Bình"),
     "Kế hoạch 160/KH-UBND ngày 13/5/2026 của UBND tỉnh Ninh Bình"),
    (dict(number_text="/KH-UBND", number=None, issued_on=date(2026, 5, 13), issuer_name="UBND phường Vị Khê"),
     "Kế hoạch (chưa có số) tháng 5/2026 của UBND phường Vị Khê"),
    (dict(number_text="463-KH/TU", number="463", issued_year=2025, issuer_name=""), "Kế hoạch 463-KH/TU năm 2025"),
    (dict(number_text=None, number=None, issuer_name="Tỉnh ủy"), "Kế hoạch (chưa có số) của Tỉnh ủy"),
])
def test_one_name_for_a_document(fields, name):
    document = Document(doc_type="KH", **fields)
    assert document.name == name
    assert "ngày ngày" not in name and not name.split(" ")[1].startswith("/")
    assert "/" not in document.file_stem and document.file_stem.startswith("Kế hoạch")


def test_completion_over_time_counts_tasks_from_the_month_they_were_confirmed():
    from types import SimpleNamespace

    from tracker.tasks.progress import completion_over_time

    def task(i, status="in_progress", confirmed=None):
        return SimpleNamespace(id=i, status=status, confirmed_on=confirmed, created_at=datetime(2026, 3, 2))

    tasks = [task(1, "done", date(2026, 4, 30)), task(2, "done", date(2026, 6, 1)), task(3), task(4), task(4)]
    points = completion_over_time(tasks, date(2026, 3, 15), date(2026, 6, 10))
    assert [(p["label"], p["done"], p["total"], p["percent"]) for p in points] == [
        ("3/2026", 0, 4, 0.0), ("4/2026", 1, 4, 25.0), ("5/2026", 1, 4, 25.0), ("6/2026", 2, 4, 50.0)]
    assert completion_over_time([], None, date(2026, 6, 10)) == []
