"""Concurrent writes through the app: on the SQLite file database writers queue (none fails with "database is
locked"), so all sixty land; on PostgreSQL, whose writers do not queue, a writer that meets a newer version of the
task is told so (409, its note kept in the form) and nothing is half-saved."""
import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import committed_app, csrf_token, login
from tracker.extensions import db
from tracker.plans.models import Assignment, Task
from tracker.tasks.models import TaskUpdate
from tracker.units.models import Unit


@pytest.fixture(scope="module")
def file_app(tmp_path_factory):
    with committed_app(tmp_path_factory, "_writers") as app:
        yield app


def test_sixty_concurrent_updates_all_saved(file_app):
    with file_app.app_context():
        police = db.session.scalar(select(Unit.id).where(Unit.name == "Công an phường Vị Khê"))
        task_id = db.session.scalar(select(Task.id).join(Assignment, Assignment.task_id == Task.id)
                                    .where(Assignment.unit_id == police, Assignment.role == "lead").limit(1))
        before = db.session.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id == task_id))
        db.session.remove()
    clients = []
    for _ in range(6):
        client = file_app.test_client()
        assert login(client, "congan.vikhe").status_code == 302
        clients.append((client, csrf_token(client, f"/tasks/{task_id}")))
    barrier, statuses = threading.Barrier(60), []

    def post(n: int):
        client, token = clients[n % len(clients)]
        barrier.wait(timeout=30)
        response = client.post(f"/tasks/{task_id}/updates", data={"csrf_token": token, "note_md": f"Lượt {n}",
                                                                    "progress": str(n % 101)})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(60)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(statuses) == 60 and set(statuses) <= {302, 409}, sorted(statuses)
    if file_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert statuses.count(302) == 60, sorted(statuses)
    with file_app.app_context():
        after = db.session.scalar(select(func.count(TaskUpdate.id)).where(TaskUpdate.task_id == task_id))
        db.session.remove()
    assert after - before == statuses.count(302) > 0
