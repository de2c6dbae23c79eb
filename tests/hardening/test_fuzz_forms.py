"""Hypothesis posts hostile values (NUL, huge, negative, wrong types, NFD, RTL) to every POST form each demo role
reaches, and to the login form and the import review: no answer is a 500.

FUZZ_EXAMPLES (default 2) sets the examples per form; the adversarial sweep (tests/hardening/sweep.py) reuses this.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.conftest import ROLE_USERS, login
from tests.hardening.fuzzing import FormSpec, crawl, csrf_of, form_data, post_form, review_form

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))


def fuzz_forms(client, forms: list[FormSpec], relogin, examples: int = EXAMPLES) -> tuple[int, list]:
    """Post `examples` hostile submissions to each form; returns (requests sent, failures as (action, status, data))."""
    sent, failures = 0, []
    token = csrf_of(client, forms[0].page) if forms else None  # one token per session
    for form in forms:

        @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(st.data())
        def run(data):
            nonlocal sent
            fields, files = form_data(data.draw, form, token)
            response = post_form(client, form, fields, files)
            sent += 1
            if response.status_code >= 500:
                failures.append((form.action, response.status_code, fields))
            if "/login" in (response.location or ""):
                logged_out.append(True)

        logged_out: list = []
        run()
        if logged_out and client.get("/").status_code != 200:  # the form disabled this user or changed a password
            client = relogin()
            token = csrf_of(client, "/")
    return sent, failures


@pytest.fixture(scope="module")
def crawled(app):
    """Pages and forms per role, crawled once in a transaction rolled back afterwards."""
    from tests.hardening.sweep import rolled_back

    out = {}
    with rolled_back(app):
        for role, username in ROLE_USERS.items():
            client = app.test_client()
            login(client, username)
            out[role] = crawl(client, limit=25)
    return out


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_every_form_of_a_role_answers_hostile_values_without_500(as_role, crawled, role):
    pages, forms, statuses = crawled[role]
    assert not [s for s in statuses if s[1] >= 500]
    assert forms
    client = as_role(role)
    extra = [review_form(client)] if role in ("secretariat", "admin") else []
    sent, failures = fuzz_forms(client, forms + extra, lambda: as_role(role))
    assert sent >= len(forms) and not failures, failures[:3]


def test_login_form_answers_hostile_values_without_500(app, session):
    client = app.test_client()
    form = FormSpec("/login", "http://localhost/login", [("csrf_token", "hidden", ""), ("username", "text", "admin"),
                                                         ("password", "password", "")])
    sent, failures = fuzz_forms(client, [form], app.test_client, examples=EXAMPLES * 5)
    assert sent and not failures, failures[:3]
