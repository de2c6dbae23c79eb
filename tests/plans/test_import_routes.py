"""The import flow: upload or paste, review, confirm saves everything at once; cancel and bad input save nothing."""
import io
import json
from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.formdata import form_fields
from tracker.plans.models import Assignment, Document, DocumentLink, Task
from tracker.units.models import Unit

SEEDS = Path(__file__).resolve().parent / "seeds"
SEED_000 = SEEDS / "000_c7c61f0ecab3ec8b.txt"


def _counts(session):
    return tuple(session.scalar(select(func.count(m.id))) for m in (Document, Task, Assignment, Unit))


def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/documents/import/")
    return client.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_review_shows_source_and_understanding_and_saves_nothing(as_role, session):
    c = as_role("secretariat")
    before = _counts(session)
    response = _upload(c, SEED_000.read_bytes(), "ke-hoach.txt")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="L1"' in body and "Bùi Quốc Trung" in body
    fields = form_fields(body, "review-form")
    assert fields["meta-issuer"] == "Ủy ban nhân dân phường Vị Khê" and fields["meta-issuer_id"].isdigit()
    police = next(k for k, v in fields.items(multi=True) if k.endswith("-unit") and v == "Công an phường Vị Khê")
    assert fields[f"{police}_id"].isdigit()  # the unit travels as a hidden id beside the name
    assert "[#" not in body  # no internal number anywhere a user reads
    assert "160/KH-UBND" in [v for k, v in fields.items(multi=True) if k.endswith("-number_text")]
    assert _counts(session) == before  # reading and reviewing saves nothing


def test_confirm_saves_plan_with_a_corrected_unit(as_role, session, unit_named):
    c = as_role("secretariat")
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    police = unit_named("Công an phường Vị Khê")
    centre = unit_named("Trung tâm Dịch vụ sự nghiệp công phường")
    first = next(k for k, v in fields.items(multi=True) if k.endswith("-unit") and v.startswith(police.name))
    fields[first] = centre.name  # the user types another unit over it: the old hidden id no longer counts
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    doc = session.get(Document, int(response.location.rsplit("/", 1)[1]))
    assert doc.issuer.name == "Ủy ban nhân dân phường Vị Khê" and doc.signer_name == "Bùi Quốc Trung"
    parents = {l.parent.number_text for l in session.scalars(select(DocumentLink).where(
        DocumentLink.child_id == doc.id, DocumentLink.relation == "implements"))}
    assert parents == {"160/KH-UBND"}
    task_ids = select(Task.id).where(Task.document_id == doc.id)
    leads = session.execute(select(Unit.name, func.count()).join(Assignment, Assignment.unit_id == Unit.id)
                            .where(Assignment.task_id.in_(task_ids), Assignment.role == "lead")
                            .group_by(Unit.name)).all()
    leads = dict(leads)
    assert leads["Văn phòng HĐND và UBND phường"] >= 5 and centre.name in leads
    page = c.get(response.location).get_data(as_text=True)
    assert 'id="tasks-by-unit"' in page and "Công an phường Vị Khê" in page


def test_cancel_and_bad_review_input_save_nothing(as_role, session):
    c = as_role("secretariat")
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    before = _counts(session)
    fields["meta-issued_on"] = "2026-13-45"
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 422
    assert "Chưa lưu gì cả" in response.get_data(as_text=True) and "Không có tháng 13" in response.get_data(as_text=True)
    assert 'name="meta-issued_on"' in response.get_data(as_text=True)  # the review is shown again, edits kept
    assert _counts(session) == before


def test_bad_files_are_refused_with_clear_messages(as_role, session):
    c = as_role("secretariat")
    before = _counts(session)
    cases = [(b"", "trong.txt", "trống"),
             (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "anh.docx", "Không đọc được ảnh"),
             (b"PK\x03\x04 not really a zip", "hong.docx", ""),
             ("Kế hoạch".encode("utf-8") * 10, "x.pdf", "không phải PDF hợp lệ"),
             ("Kế hoạch".encode("utf-8") * 10, "x.rtf", "chỉ nhận tệp")]
    for data, name, expected in cases:
        response = _upload(c, data, name)
        body = response.get_data(as_text=True)
        assert response.status_code == 422, name
        assert "alert-danger" in body and expected in body, (name, body[-1500:])
    assert _counts(session) == before


def test_upload_over_the_limit_is_refused(as_role, session):
    c = as_role("secretariat")
    token = csrf_token(c, "/documents/import/")
    response = c.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(b"a" * (20 * 1024 * 1024)),
                                                                                "lon.txt")},
                      content_type="multipart/form-data")
    assert response.status_code == 413 and "vượt quá giới hạn" in response.get_data(as_text=True)


def test_legacy_encoding_is_explained_not_stored(as_role, session):
    c = as_role("secretariat")
    tcvn3 = "KÕ ho¹ch thùc hiÖn KÕt luËn sè 107-KL/TW cña Bé ChÝnh trÞ vÒ tiÕp c«ng d©n".encode("latin-1")
    response = _upload(c, tcvn3 * 20, "cu.txt")
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and "TCVN3" in body


def test_text_without_structure_lets_the_user_add_tasks(as_role, session, unit_named):
    c = as_role("secretariat")
    token = csrf_token(c, "/documents/import/")
    response = c.post("/documents/import/", data={"csrf_token": token, "text": "Ghi chú cuộc họp sáng nay.\nKhông có gì."})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Không nhận ra nhiệm vụ nào" in body
    fields = form_fields(body, "review-form")
    police = unit_named("Công an phường Vị Khê")
    issuer = unit_named("Ủy ban nhân dân phường Vị Khê")
    fields["meta-issuer"], fields["meta-issuer_id"] = issuer.name, str(issuer.id)
    fields["meta-title"] = "Kế hoạch bổ sung"
    fields["t-0-text"] = "Tuần tra bảo đảm an ninh trụ sở tiếp công dân"
    fields["t-0-a-0-role"], fields["t-0-a-0-unit"] = "lead", police.name
    fields["t-0-a-0-unit_id"] = str(police.id)
    fields["t-0-deadline_phrase"] = "trong quý I/2027"
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302
    task = session.scalar(select(Task).where(Task.text.startswith("Tuần tra bảo đảm")))
    assert task.deadline_kind == "quarter" and task.due_on.isoformat() == "2027-03-31"


def test_only_editors_import(as_role):
    for role in ("member", "viewer"):
        assert as_role(role).get("/documents/import/").status_code == 403


def test_cli_parse_prints_stable_json(app):
    result = app.test_cli_runner().invoke(args=["plans", "parse", str(SEEDS / "004_efd667e977579b2a.txt")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == 1 and data["metadata"]["signer"]["name"] == "Hồ Huy Thành"
    implements = [d["number"] for d in data["cited_documents"] if d["relation"] == "implements"]
    assert {"107-KL/TW", "331-KH/TU", "1236/KH-TTTP"} <= set(implements)


def test_cli_bulk_import_reports_per_file(app, session, tmp_path):
    bad = tmp_path / "anh.docx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 50)
    before = _counts(session)
    result = app.test_cli_runner().invoke(args=["plans", "import", "--as", "vanphong.vikhe", str(SEED_000), str(bad)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("000_c7c61f0ecab3ec8b.txt: đã lưu") and "Ủy ban nhân dân phường Vị Khê" in lines[0]
    assert lines[1].startswith("anh.docx: KHÔNG LƯU") and "Không đọc được ảnh" in lines[1]
    after = _counts(session)
    assert after[0] > before[0] and after[1] == before[1] + 29


def test_accepted_reporting_duties_are_created_with_the_plan(as_role, session):
    from tracker.duties.models import ReportingDuty

    c = as_role("monitor")  # Ban Nội chính Thành ủy Hà Nội imports the city's plan
    body = _upload(c, (SEEDS / "003_c0c4a446407c5a94.txt").read_bytes(), "003.txt").get_data(as_text=True)
    fields = form_fields(body, "review-form")
    assert fields["meta-issuer"] == "Thành ủy Hà Nội" and fields["meta-issuer_id"].isdigit()
    accepted = [k for k in fields if k.startswith("d-") and k.endswith("-include")]
    assert len(accepted) >= 2
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    doc_id = int(response.location.rsplit("/", 1)[1])
    duties = list(session.scalars(select(ReportingDuty).where(ReportingDuty.document_id == doc_id)))
    schedules = sorted(d.schedule for d in duties)
    assert schedules == ["half", "nine_months", "once", "quarter", "year"]
    once = next(d for d in duties if d.schedule == "once")
    assert once.kind == "plan" and once.due_on.isoformat() == "2025-04-30"
    assert once.recipient.name == "Thành ủy Hà Nội" and once.via.name == "Ban Nội chính Thành ủy"


def test_lower_plan_tasks_are_suggested_their_upper_tasks(as_role, session):
    from tracker.plans.models import Task as PlanTask

    c = as_role("secretariat")  # the ward imports its plan implementing 160/KH-UBND, whose tasks are in the demo
    upper = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    upper_ids = set(session.scalars(select(PlanTask.id).where(PlanTask.document_id == upper.id)))
    assert upper_ids
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    suggested = [v for k, v in fields.items(multi=True) if k.endswith("-implements") and v]
    assert suggested and {int(v) for v in suggested} <= upper_ids
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 302
    doc_id = int(response.location.rsplit("/", 1)[1])
    linked = session.scalars(select(PlanTask.implements_task_id).where(PlanTask.document_id == doc_id,
                                                                       PlanTask.implements_task_id.is_not(None))).all()
    assert len(linked) == len(suggested)
    # A hand-edited link to a task of a plan this one does not implement is refused, nothing saved.
    before = _counts(session)
    other = session.scalar(select(PlanTask.id).where(PlanTask.document_id != upper.id,
                                                     PlanTask.id.not_in(upper_ids)).limit(1))
    fields = form_fields(_upload(c, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")
    fields["t-0-implements"] = str(other)
    fields["source"] += "\n(bản nhập lần hai)"  # not the same text: the link check is what refuses it
    response = c.post("/documents/import/confirm", data=fields)
    assert response.status_code == 422 and "không thuộc văn bản" in response.get_data(as_text=True)
    assert _counts(session) == before
