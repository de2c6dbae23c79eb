"""Every date field of every form reads Vietnamese dates and refuses impossible ones in Vietnamese, keeping the rest
of the form; WTForms' own English messages never reach a page."""
from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date
from pathlib import Path

import pytest
import wtforms
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

import tracker
from tests.conftest import csrf_token
from tracker.core.datefield import VNDateField


def _date_fields() -> list[tuple[type, str]]:
    found = []
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith(".forms"):
            for obj in vars(importlib.import_module(module.name)).values():
                if isinstance(obj, type) and issubclass(obj, FlaskForm) and obj.__module__ == module.name:
                    found += [(obj, name) for name, value in vars(obj).items()
                              if getattr(value, "field_class", None) is VNDateField]
    return found


DATE_FIELDS = _date_fields()
BAD = {"31/02/2026": "Tháng 2/2026 không có ngày 31.", "2026-13-01": "Không có tháng 13",
       "abc": "“abc” không phải là ngày"}
# The English messages WTForms ships (its .pot), as they would appear in a page.
ENGLISH = [re.sub(r"%\(?\w*\)?[sd]", "", m).strip(" .'") for m in re.findall(
    r'^msgid "(.+)"$', (Path(wtforms.__file__).parent / "locale" / "wtforms.pot").read_text(), re.M)]


def test_every_form_with_a_date_uses_the_vietnamese_date_field():
    assert len(DATE_FIELDS) >= 9, DATE_FIELDS
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith(".forms"):
            source = Path(importlib.import_module(module.name).__file__).read_text()
            assert not re.search(r"\bDate(Time)?Field\(", source), f"{module.name} uses WTForms' DateField"


@pytest.mark.parametrize("form_class, name", DATE_FIELDS, ids=lambda v: getattr(v, "__name__", v))
def test_every_date_field_reads_and_refuses_in_vietnamese(app, form_class, name):
    with app.test_request_context(method="POST"):
        form = form_class(formdata=MultiDict({name: "30112026"}), meta={"csrf": False})
        getattr(form, name).validate(form)  # the field alone: some forms set their choices in the route
        assert getattr(form, name).data == date(2026, 11, 30) and not getattr(form, name).errors
        assert getattr(form, name)._value() == "30112026"
        for typed, message in BAD.items():
            form = form_class(formdata=MultiDict({name: typed}), meta={"csrf": False})
            field = getattr(form, name)
            assert not field.validate(form)
            assert field.errors == [field.errors[0]] and message in field.errors[0], (typed, field.errors)
            assert field._value() == typed  # what the user typed comes back to be corrected
            assert f'value="{typed}"' in str(field()) and 'type="text"' in str(field())


def test_a_bad_date_keeps_the_rest_of_the_document_form(as_role):
    client = as_role("secretariat")
    token = csrf_token(client, "/documents/create")
    response = client.post("/documents/create", data={
        "csrf_token": token, "doc_type": "KH", "number_text": "21/KH-UBND", "issued_on": "31/02/2026",
        "title": "Kế hoạch tuyên truyền giữ nguyên", "issued_year": "hai nghìn"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tháng 2/2026 không có ngày 31." in page and "Kế hoạch tuyên truyền giữ nguyên" in page
    assert 'value="21/KH-UBND"' in page and 'value="31/02/2026"' in page
    assert "Hãy nhập một số nguyên." in page  # WTForms' own IntegerField message, in Vietnamese
    for english in ENGLISH:
        assert english not in page, english


@pytest.mark.parametrize("role, urls", [
    ("secretariat", ["/documents/create", "/documents/", "/tasks/", "/reports/", "/duties/mine"]),
    ("admin", ["/units/create", "/admin/users/create", "/duties/"]),
])
def test_no_english_validation_message_on_pages_posted_empty(as_role, role, urls):
    client = as_role(role)
    for url in urls:
        page = client.get(url).get_data(as_text=True)
        if "csrf_token" in page and url.endswith("create"):
            page = client.post(url, data={"csrf_token": csrf_token(client, url)}).get_data(as_text=True)
        for english in ENGLISH:
            assert english not in page, (url, english)
