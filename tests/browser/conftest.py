"""Browser fixtures for the journeys in this folder: a live server and a fresh page."""
from __future__ import annotations

import pytest

from tests.browser_support import live_app, shot  # noqa: F401 - `shot` is imported from here by the journeys


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """A fresh app (real commits, its own database) on 127.0.0.1; yields the base URL."""
    with live_app(tmp_path_factory.mktemp("live"), "_live") as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()
