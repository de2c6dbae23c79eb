"""docs/api_client_example.py against a live server thread: a province's tasks synced incrementally into a file
(the second run fetches nothing, the third only the task that changed), and an update posted with its ETag and an
idempotency key."""
from __future__ import annotations

import importlib.util
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from werkzeug.serving import make_server

from tests.conftest import database_url, make_app, migrate_and_seed
from tests.tasks.helpers import PDF
from tracker.extensions import db

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "api_client_example.py"


def _example():
    spec = importlib.util.spec_from_file_location("api_client_example", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from tracker.api import services
    from tracker.core.timeutil import utcnow
    from tracker.plans.models import Task
    from tracker.units.models import User

    app = make_app(database_url(tmp_path_factory.mktemp("example"), "_api_example"))
    migrate_and_seed(app)
    with app.app_context():
        # yesterday's data: what a partner finds on its first run
        db.session.execute(update(Task).values(updated_at=utcnow() - timedelta(days=1)))
        monitor = db.session.scalar(select(User).where(User.username == "noichinh.ninhbinh"))
        ward = db.session.scalar(select(User).where(User.username == "vanphong.vikhe"))
        _, province_token = services.create_client(actor=None, name="Hệ thống báo cáo tỉnh", unit=monitor.unit,
                                                   role="monitor", scopes=["read"])
        _, ward_token = services.create_client(actor=None, name="Một cửa phường Vị Khê", unit=ward.unit,
                                               role="secretariat", scopes=["read", "write:updates"])
        from tracker.units.queries import body_id_of

        province_id = body_id_of(monitor.unit_id)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {"base": f"http://127.0.0.1:{server.server_port}", "province": province_id,
               "province_token": province_token, "ward_token": ward_token, "app": app}
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


def test_example_syncs_a_province_incrementally_and_posts_an_update(live, tmp_path):
    example = _example()
    store = tmp_path / "tasks.json"
    province = example.Client(live["base"], live["province_token"])
    first = example.sync_tasks(province, live["province"], store)
    assert first["fetched"] == first["total"] > 0
    assert example.sync_tasks(province, live["province"], store)["fetched"] == 0

    ward = example.Client(live["base"], live["ward_token"])
    update = example.post_update(ward, 3, "Đã tổ chức hội nghị; biên bản kèm theo.", progress=75,
                                 evidence=("bien-ban.pdf", PDF))
    assert update["progress"] == 75 and update["evidence"][0]["name"] == "bien-ban.pdf"

    third = example.sync_tasks(province, live["province"], store)
    assert third["fetched"] == 1 and third["total"] == first["total"]
    import json

    assert json.loads(store.read_text("utf-8"))["tasks"]["3"]["progress"] == 75


def test_example_reports_a_refusal_in_vietnamese(live):
    example = _example()
    province = example.Client(live["base"], live["province_token"])  # read only
    with pytest.raises(example.ApiError) as error:
        example.post_update(province, 3, "Không được phép")
    assert error.value.status == 403 and "write:updates" in error.value.problem["detail"]
