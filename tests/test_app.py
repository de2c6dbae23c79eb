"""Configuration, engine settings, static assets and the absence of external URLs."""
import os
import re

from sqlalchemy import text

from tracker import create_app
from tracker.config import build_config
from tracker.extensions import db


def test_database_url_switches_engine(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/d")
    monkeypatch.setenv("SECRET_KEY", "x")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h:5432/d"
    monkeypatch.delenv("DATABASE_URL")
    assert build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'tracker.db'}"


def test_secret_key_is_generated_once_into_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_config(tmp_path)["SECRET_KEY"]
    assert len(first) >= 64 and (tmp_path / "secret_key").read_text() == first
    assert build_config(tmp_path)["SECRET_KEY"] == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_sqlite_runs_in_wal_mode_with_busy_timeout(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "k"})
    with app.app_context():
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 15000
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    shorter = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'y.db'}", "SECRET_KEY": "k",
                          "SQLITE_BUSY_TIMEOUT_MS": 2000})
    with shorter.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 2000


def test_postgresql_sessions_plan_each_statement_for_its_values(app):
    # No JIT; a statement psycopg prepared is still planned for its values (a search's generic plan was 2× slower).
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return
        assert conn.execute(text("SHOW jit")).scalar() == "off"
        assert conn.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


def test_no_page_references_an_external_url(admin_client):
    pages = ["/", "/units/", "/units/?q=cong+an", "/documents/", "/documents/1", "/documents/1/cascade",
             "/admin/audit", "/units/create", "/documents/create"]
    for url in pages:
        body = admin_client.get(url).get_data(as_text=True)
        for ref in re.findall(r'(?:src|href)="([^"]+)"', body):
            assert not re.match(r"^(https?:)?//", ref), (url, ref)
    css = admin_client.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert css.status_code == 200 and b"bootstrap" in css.data.lower()


def test_health(client):
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and health["database"] == "ok" and "last_sweep_at" in health


def test_the_wsgi_entry_freezes_what_is_loaded_and_collects_young_objects_less_often(tmp_path):
    """app.py (what gunicorn serves): the loaded modules and models out of the collector's sight, and a young
    generation large enough that a page reading thousands of rows does not promote them towards full collections
    (bench/results/2026-11-30-gc.md)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'entry.db'}", "FILE_ROOT": str(tmp_path / "files")}
    out = subprocess.run([sys.executable, "-c", "import gc, app; print(gc.get_threshold()[0], gc.get_freeze_count())"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=120, check=True).stdout.split()
    assert int(out[0]) >= 10_000 and int(out[1]) > 50_000
