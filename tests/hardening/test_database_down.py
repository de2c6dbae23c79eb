"""The database unreachable: a static Vietnamese page (no query on the way), /healthz answers 503; a reachable one
reports the scheduler's last sweep."""
import os
from datetime import datetime

import pytest

from tests.conftest import make_app


@pytest.fixture
def dead_app(tmp_path):
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        url = "postgresql+psycopg://postgres@127.0.0.1:1/nothing_here"  # nothing listens on port 1
    else:
        url = f"sqlite:///{tmp_path / 'missing-dir' / 'tracker.db'}"  # its directory does not exist
    app = make_app(url)
    app.config["TESTING"] = False  # let the error handlers answer, as in production
    return app


def test_users_get_a_static_vietnamese_page(dead_app):
    from flask_login.utils import _create_identifier

    client = dead_app.test_client()
    with dead_app.test_request_context("/", environ_base=client.environ_base):
        identifier = _create_identifier()  # Flask-Login's strong session protection checks it
    with client.session_transaction() as session:
        session.update({"_user_id": "1:1", "_fresh": True, "_id": identifier})  # a signed-in user
    for url in ("/", "/tasks/", "/documents/1"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, url
        assert "Hệ thống tạm thời không kết nối được cơ sở dữ liệu" in page and "Internal Server Error" not in page


def test_login_post_with_database_down(dead_app):
    client = dead_app.test_client()
    dead_app.config["WTF_CSRF_ENABLED"] = False
    response = client.post("/login", data={"username": "admin", "password": "x" * 12})
    assert response.status_code == 503 and "Tạm thời gián đoạn" in response.get_data(as_text=True)


def test_healthz_reports_503_when_the_database_is_down(dead_app):
    response = dead_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_healthz_reports_the_last_sweep(app, client, session):
    from tracker.duties.jobs import run_sweep

    before = client.get("/healthz").get_json()
    assert before["status"] == "ok" and before["database"] == "ok"
    started = datetime.utcnow().replace(microsecond=0)
    run_sweep(app)  # the scheduler's job: records its run
    after = client.get("/healthz").get_json()
    assert after["last_sweep_at"] >= started.isoformat() and after["scheduler"] == "ok"
