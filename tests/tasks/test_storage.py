"""One file store: content-addressed, in place only after commit, nothing left by a rollback, a check command."""
import hashlib

from sqlalchemy import select

from tests.tasks.helpers import PDF
from tracker.core import storage
from tracker.duties.models import SubmissionFile
from tracker.extensions import db
from tracker.tasks import services
from tracker.tasks.models import Evidence
from tracker.tasks.uploads import Upload


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _post(ward_plan, user_of, data: bytes, name: str = "bien-ban.pdf"):
    from tests.tasks.conftest import TODAY

    return services.post_update(actor=user_of("member"), task=ward_plan.police_task,
                                unit_id=ward_plan.units["ca"].id, today=TODAY, note_md="Kèm minh chứng",
                                files=[Upload(name, data)])


def test_a_rolled_back_save_leaves_no_file(session, ward_plan, user_of, upload_dir):
    _post(ward_plan, user_of, PDF + b"rollback")
    assert [p for p in _files(upload_dir) if p.startswith("tmp/")]  # staged under a temporary name
    session.rollback()
    assert _files(upload_dir) == []


def test_identical_content_is_stored_once(session, ward_plan, user_of, upload_dir):
    first = _post(ward_plan, user_of, PDF, "a.pdf")
    session.commit()
    second = _post(ward_plan, user_of, PDF, "b.pdf")
    session.commit()
    key = hashlib.sha256(PDF).hexdigest()
    assert first.evidence[0].stored_name == second.evidence[0].stored_name == key
    assert _files(upload_dir) == [f"{key[:2]}/{key[2:4]}/{key}"]


def test_route_failure_after_the_file_leaves_no_orphan(app, as_role, ward_plan, upload_dir, monkeypatch):
    """The finding: a file written before an insert that fails. Here the audit record fails after staging."""
    import io

    import pytest

    from tests.conftest import csrf_token

    def broken(*args, **kwargs):
        raise RuntimeError("the insert failed")

    monkeypatch.setattr(services, "record", broken)
    member = as_role("member")
    url = f"/tasks/{ward_plan.police_task.id}"
    with pytest.raises(RuntimeError):
        member.post(f"{url}/updates", data={"csrf_token": csrf_token(member, url), "note_md": "x",
                                            "files": (io.BytesIO(PDF + b"orphan"), "x.pdf")},
                    content_type="multipart/form-data")
    db.session.rollback()  # what the 500 handler does
    assert not [p for p in _files(upload_dir) if not p.startswith("tmp/")]
    assert _files(upload_dir) == []


def test_files_check_lists_orphans_and_missing(app, session, ward_plan, user_of, upload_dir):
    _post(ward_plan, user_of, PDF + b"kept")
    session.commit()
    orphan = storage.path_of("ab" * 32)
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"nobody refers to me")
    gone = session.scalar(select(Evidence).where(Evidence.task_id == ward_plan.police_task.id))
    session.add(SubmissionFile(sha256="cd" * 32))
    session.flush()
    result = app.test_cli_runner().invoke(args=["tracker", "files", "check"])
    assert "mồ côi  " + str(orphan) in result.output
    assert "thiếu   " + "cd" * 32 in result.output
    assert gone.stored_name not in result.output  # present and referenced
    assert result.exit_code == 1
