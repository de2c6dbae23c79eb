"""Browser fixtures: a live server on its own migrated, seeded database, and Debian's Chromium via Playwright."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.conftest import database_url, make_app, migrate_and_seed

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """Serve a fresh app (real commits, its own database) on 127.0.0.1 in a thread; yields the base URL."""
    app = make_app(database_url(tmp_path_factory.mktemp("live"), "_live"))
    migrate_and_seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        from tracker.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page by default) under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
