"""What every browser journey needs: a live app on its own committed database, and screenshots."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from werkzeug.serving import make_server

from tests.conftest import database_url, make_app, migrate_and_seed
from tracker.extensions import db

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@contextmanager
def live_app(tmp: Path, purpose: str, **config):
    """Serve a fresh, migrated, seeded app on 127.0.0.1 in a thread; yields its base URL."""
    app = make_app(database_url(tmp, purpose), **config)
    migrate_and_seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def shot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot (the whole page by default) under tests/artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def login_page(page, base: str, username: str) -> None:
    """Log `page` in as a demo user through the login form."""
    from tests.conftest import PASSWORD

    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def logout_page(page) -> None:
    """Log out through the user menu (behind the phone menu's toggle on narrow screens)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.wait_for_selector("#nav.show")  # the menu has finished opening (a click mid-animation can miss)
    page.click("#user-menu > button")
    page.click("#user-menu form[action$='/logout'] button")
    page.wait_for_url("**/login")
