"""The backup-and-restore round trip of docs/deploy.md on the local PostgreSQL: pg_dump, tar of the file root,
pg_restore into a new database, untar into a new root; the restored app has the same rows and every file."""
import os
import shutil
import subprocess

import pytest
from sqlalchemy import func, select

from tests.conftest import database_url, login, make_app, migrate_and_seed
from tests.tasks.helpers import PDF
from tracker.extensions import db

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql") or not shutil.which("pg_dump"),
    reason="the round trip uses pg_dump/pg_restore on PostgreSQL")


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _snapshot(app):
    from tracker.duties.models import Submission, SubmissionFile
    from tracker.plans.models import Document, Task
    from tracker.tasks.models import Evidence
    from tracker.units.models import Unit, User

    with app.app_context():
        counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
                  for m in (Unit, User, Document, Task, Evidence, Submission, SubmissionFile)}
        keys = sorted(set(db.session.scalars(select(Evidence.sha256))) | set(db.session.scalars(
            select(SubmissionFile.sha256))))
        db.session.remove()
    return counts, keys


def test_backup_and_restore_round_trip(tmp_path):
    from tracker.core import storage
    from tracker.plans.models import Assignment, Task
    from tracker.tasks import services
    from tracker.tasks.models import Evidence
    from tracker.tasks.uploads import Upload
    from tracker.units.models import Unit, User

    source_url, files_a = database_url(tmp_path, "_backup_src"), tmp_path / "files_a"
    source = make_app(source_url, FILE_ROOT=str(files_a))
    migrate_and_seed(source)
    evidence_pdf = PDF + "bản sao lưu".encode()
    with source.app_context():
        police = db.session.scalar(select(Unit).where(Unit.name == "Công an phường Vị Khê"))
        task = db.session.scalar(select(Task).join(Assignment, Assignment.task_id == Task.id)
                                 .where(Assignment.unit_id == police.id, Assignment.role == "lead").limit(1))
        member = db.session.scalar(select(User).where(User.username == "congan.vikhe"))
        from tracker.core.timeutil import today_vn

        services.post_update(actor=member, task=task, unit_id=police.id, today=today_vn(), note_md="Sao lưu",
                             files=[Upload("bien-ban.pdf", evidence_pdf)])
        db.session.commit()
        evidence_id = db.session.scalar(select(Evidence.id).order_by(Evidence.id.desc()).limit(1))
        db.session.remove()
    before, keys = _snapshot(source)
    assert before["evidence"] >= 1 and before["submission_file"] >= 1 and keys

    dump, tarball = tmp_path / "tracker.dump", tmp_path / "tracker-files.tar.gz"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", _plain(source_url)], check=True)
    subprocess.run(["tar", "-C", str(files_a), "--exclude=./tmp", "-czf", str(tarball), "."], check=True)
    with source.app_context():
        db.engine.dispose()

    target_url, files_b = database_url(tmp_path, "_backup_dst"), tmp_path / "files_b"
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={_plain(target_url)}", str(dump)], check=True)
    files_b.mkdir()
    subprocess.run(["tar", "-C", str(files_b), "-xzf", str(tarball)], check=True)

    restored = make_app(target_url, FILE_ROOT=str(files_b))
    assert _snapshot(restored) == (before, keys)
    with restored.app_context():
        assert all(storage.path_of(key).exists() for key in keys)
    check = restored.test_cli_runner().invoke(args=["tracker", "files", "check"])
    assert check.exit_code == 0 and "mồ côi: 0; thiếu: 0" in check.output, check.output
    client = restored.test_client()
    assert login(client, "admin").status_code == 302
    assert client.get(f"/tasks/evidence/{evidence_id}").data == evidence_pdf
    with restored.app_context():
        db.engine.dispose()
