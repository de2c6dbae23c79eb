"""Evidence files: kinds by content, size limit, names never trusted, nothing saved on a bad file."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from tests.tasks.conftest import TODAY
from tests.tasks.helpers import JPG, PDF, PNG, office
from tracker.core import storage
from tracker.core.exceptions import DomainError
from tracker.tasks import services
from tracker.tasks.models import Evidence, TaskUpdate
from tracker.tasks.uploads import Upload, sniff


@pytest.mark.parametrize("data,kind", [(PDF, "pdf"), (PNG, "png"), (JPG, "jpg"), (office("docx"), "docx"),
                                       (office("xlsx"), "xlsx"), (b"MZ\x90\x00", None), (b"<html>", None),
                                       (b"PK\x03\x04garbage", None)])
def test_sniff(data, kind):
    assert sniff(data) == kind


def _post(ward_plan, user_of, files):
    return services.post_update(actor=user_of("member"), task=ward_plan.police_task,
                                unit_id=ward_plan.units["ca"].id, today=TODAY, note_md="Kèm minh chứng",
                                files=files)


def test_good_files_are_stored_by_content_once_committed(session, ward_plan, user_of, upload_dir):
    update = _post(ward_plan, user_of, [Upload("Biên bản.pdf", PDF), Upload("so-lieu.xlsx", office("xlsx")),
                                        Upload("anh.JPG", JPG)])
    stored = [e.stored_name for e in update.evidence]
    assert [e.kind for e in update.evidence] == ["pdf", "xlsx", "jpg"]
    assert not any(storage.path_of(name).exists() for name in stored)  # staged until the commit
    session.commit()
    assert [storage.path_of(name).read_bytes() for name in stored] == [PDF, office("xlsx"), JPG]
    assert stored == [hashlib.sha256(data).hexdigest() for data in (PDF, office("xlsx"), JPG)]


@pytest.mark.parametrize("upload,message", [
    (Upload("virus.pdf", b"MZ\x90\x00 not a pdf"), "không đúng định dạng"),
    (Upload("trang.html.pdf", b"<script>alert(1)</script>"), "không đúng định dạng"),
    (Upload("bao-cao.docx", PDF), "không khớp"),
    (Upload("fake.docx", office("xlsx")), "không khớp"),
    (Upload("rong.pdf", b""), "rỗng"),
])
def test_bad_files_refused_and_nothing_saved(session, ward_plan, user_of, upload_dir, upload, message):
    with pytest.raises(DomainError, match=message):
        _post(ward_plan, user_of, [Upload("tot.pdf", PDF), upload])
    assert session.scalar(select(TaskUpdate.id).where(TaskUpdate.task_id == ward_plan.police_task.id)) is None
    assert session.scalar(select(Evidence.id).where(Evidence.task_id == ward_plan.police_task.id)) is None
    assert not upload_dir.exists() or not any(upload_dir.iterdir())


def test_size_limit(app, session, ward_plan, user_of, monkeypatch):
    monkeypatch.setitem(app.config, "TASK_UPLOAD_MAX_MB", 0.01)
    with pytest.raises(DomainError, match="vượt quá giới hạn 0.01 MB"):
        _post(ward_plan, user_of, [Upload("lon.pdf", PDF + b"0" * 20_000)])
    with pytest.raises(DomainError, match="tối đa 10 tệp"):
        _post(ward_plan, user_of, [Upload(f"{i}.pdf", PDF) for i in range(11)])
