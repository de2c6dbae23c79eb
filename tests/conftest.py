"""Fixtures: one migrated database per xdist worker (SQLite file or PostgreSQL), demo data loaded once,
each test inside a transaction rolled back at the end; clients logged in per role; a query counter."""
from __future__ import annotations

import hashlib
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from tracker import create_app
from tracker.extensions import db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "matkhau-demo"
ROLE_USERS = {"admin": "admin", "monitor": "noichinh.hanoi", "secretariat": "vanphong.vikhe",
              "member": "congan.vikhe", "viewer": "xem"}


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def database_url(tmp_dir: Path, purpose: str = "") -> str:
    """A fresh database for this worker (and purpose): a SQLite file, or a PostgreSQL database
    created next to the one DATABASE_URL names."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgresql"):
        return f"sqlite:///{tmp_dir / f'tracker_{_worker()}{purpose}.db'}"
    url = make_url(base.replace("postgresql://", "postgresql+psycopg://", 1))
    # The checkout's path in the name: several worktrees may run their suites against one server at once.
    checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:6]
    name = re.sub(r"\W", "_", f"{url.database}_{checkout}_{_worker()}{purpose}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def make_app(url: str, **extra):
    import tempfile

    extra.setdefault("FILE_ROOT", tempfile.mkdtemp(prefix="tracker-files-"))
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "SECRET_KEY": "test-secret",
                       "SERVER_NAME": None, "STRICT_TEMPLATES": True, **extra})


def migrate_and_seed(app) -> None:
    """Upgrade the empty database to head through Alembic, then load the demo data."""
    from tracker.demo import load_demo

    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()


@contextmanager
def committed_app(tmp_path_factory, purpose: str):
    """An app on a database of its own (`purpose`: "_race"), migrated and seeded, where commits are real: for tests
    of concurrent writers or of what the database does at commit. Its engine is disposed at the end."""
    application = make_app(database_url(tmp_path_factory.mktemp(purpose.strip("_")), purpose))
    migrate_and_seed(application)
    try:
        yield application
    finally:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    application = make_app(database_url(tmp_path_factory.mktemp("db")))
    migrate_and_seed(application)

    @application.before_request
    def _fresh_g():
        # The `session` fixture keeps one app context pushed for the whole test, and Flask then reuses it
        # for the test client's requests: forget per-request caches (CSRF token, current user, scopes).
        from flask import g

        for name in list(vars(g)):
            delattr(g, name)
    return application


class _JoinedSession(Session):
    """A plain SQLAlchemy session (Flask-SQLAlchemy's ignores a bound connection) that accepts `db=`."""

    def __init__(self, db=None, **options):  # noqa: ANN001 - Flask-SQLAlchemy passes its extension
        super().__init__(**options)


@pytest.fixture
def session(app):
    """Every test runs in an outer transaction that is rolled back: routes' commits become savepoints."""
    with rolled_back(app) as scoped:
        yield scoped


@contextmanager
def rolled_back(app):
    """An app context whose session runs inside one outer transaction rolled back at the end (routes' commits
    become savepoints); the login throttling counts are forgotten with the data. The sweep uses it too."""
    ctx = app.app_context()
    ctx.push()
    connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session({"bind": connection, "join_transaction_mode": "create_savepoint",
                                          "class_": _JoinedSession})
    try:
        yield db.session
    finally:
        from tracker.extensions import limiter

        limiter.reset()
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()
        ctx.pop()


@pytest.fixture
def client(app, session):
    return app.test_client()


@pytest.fixture
def csrf_app(app):
    """The app with CSRF checks on (the session app has them on too; this names the intent)."""
    return app


def login(client, username: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def csrf_token(client, url: str) -> str:
    """The CSRF token rendered in the form at `url`."""
    page = client.get(url).get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', page)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


@pytest.fixture
def as_role(app, session):
    """as_role("admin") -> a test client logged in as that role's demo user."""
    def _client(role: str):
        c = app.test_client()
        response = login(c, ROLE_USERS[role])
        assert response.status_code == 302, response.get_data(as_text=True)
        return c
    return _client


@pytest.fixture
def admin_client(as_role):
    return as_role("admin")


@pytest.fixture
def user_of(session):
    from sqlalchemy import select

    from tracker.units.models import User

    def _user(role: str) -> User:
        return session.scalar(select(User).where(User.username == ROLE_USERS[role]))
    return _user


@pytest.fixture
def unit_named(session):
    """unit_named("Công an phường Vị Khê") -> the Unit (first match)."""
    from sqlalchemy import select

    from tracker.units.models import Unit

    def _unit(name: str, within: str | None = None) -> Unit:
        from tracker.units.queries import is_within

        for unit in session.scalars(select(Unit).where(Unit.name == name)):
            if within is None:
                return unit
            ancestor = session.scalar(select(Unit).where(Unit.name == within))
            if ancestor is not None and is_within(unit.id, ancestor.id):
                return unit
        raise LookupError(name)
    return _unit


@pytest.fixture
def count_queries(session):
    """with count_queries() as counter: ...; counter.count is the number of SQL statements run."""
    @contextmanager
    def _count():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()

        def before(conn, cursor, statement, *args):  # noqa: ANN001
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                counter.count += 1
                counter.statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)
    return _count


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download exists here)."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_ARGS

    with sync_playwright() as p, _clicks_wait_for_the_next_page():
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def _clicks_wait_for_the_next_page():
    """A click or key press that starts a navigation returns once the new page has *started* loading (Playwright
    waits for the commit only). Reading the page then (`content()`, `locator.count()`) can see an empty document:
    CI failed twice on that under load. For the journeys a click means "and the page that follows is there", so
    every click and press also waits for the current document's load event (immediate when nothing navigated)."""
    from playwright.sync_api import Locator, Page

    originals = {(cls, name): getattr(cls, name) for cls in (Page, Locator) for name in ("click", "press")}

    def waiting(cls, name, original):
        def action(self, *args, **kwargs):
            result = original(self, *args, **kwargs)
            page = self if cls is Page else self.page
            if not page.is_closed():
                page.wait_for_load_state("load")
            return result
        action.__doc__ = original.__doc__
        return action

    for (cls, name), original in originals.items():
        setattr(cls, name, waiting(cls, name, original))
    try:
        yield
    finally:
        for (cls, name), original in originals.items():
            setattr(cls, name, original)
