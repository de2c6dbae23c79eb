"""Input that used to answer 500: each now gets a 4xx with a Vietnamese message and loses nothing saved."""
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.formdata import form_fields
from tracker.plans.models import Assignment, Document, Task
from tracker.tasks.models import TaskUpdate

SEED_000 = Path(__file__).resolve().parent.parent / "plans" / "seeds" / "000_c7c61f0ecab3ec8b.txt"
HUGE = str(2**31)


def _police_task(session):
    from tracker.units.models import Unit

    police = session.scalar(select(Unit.id).where(Unit.name == "Công an phường Vị Khê"))
    return session.scalar(select(Task).join(Assignment, Assignment.task_id == Task.id)
                          .where(Assignment.unit_id == police, Assignment.role == "lead").limit(1))


@pytest.mark.parametrize("progress", ["101", "-5", "99999999999999999999"])
def test_progress_out_of_range_keeps_the_note(as_role, session, progress):
    task = _police_task(session)
    member = as_role("member")
    url = f"/tasks/{task.id}"
    response = member.post(f"{url}/updates", data={"csrf_token": csrf_token(member, url), "progress": progress,
                                                   "note_md": "Ghi chú không được mất"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Tiến độ phải từ 0 đến 100%" in page and "Ghi chú không được mất" in page


def test_nul_bytes_are_removed_from_every_form(as_role, session):
    task = _police_task(session)
    member = as_role("member")
    url = f"/tasks/{task.id}"
    response = member.post(f"{url}/updates", data={"csrf_token": csrf_token(member, url),
                                                   "note_md": "Đã\x00 trực\x00", "progress": "1\x000"})
    assert response.status_code == 302
    update = session.scalar(select(TaskUpdate).where(TaskUpdate.task_id == task.id).order_by(TaskUpdate.id.desc()))
    assert update.note_md == "Đã trực" and update.progress == 10
    assert as_role("secretariat").get("/documents/?q=K\x00H").status_code == 200


def test_nul_bytes_in_login_and_search(app, session):
    client = app.test_client()
    token = csrf_token(client, "/login")
    response = client.post("/login", data={"username": "adm\x00in", "password": "x\x00", "csrf_token": token})
    assert response.status_code < 500


ID_ROUTES = ["/tasks/{}", "/documents/{}", "/units/{}", "/duties/{}", "/reports/{}", "/tasks/{}/rollup",
             "/documents/{}/cascade", "/tasks/evidence/{}"]


@pytest.mark.parametrize("pattern", ID_ROUTES)
@pytest.mark.parametrize("number", [HUGE, "9" * 30])
def test_ids_beyond_the_column_are_not_found(as_role, pattern, number):
    assert as_role("admin").get(pattern.format(number)).status_code == 404


@pytest.mark.parametrize("query", ["/documents/?issuer={}", "/tasks/?plan={}", "/tasks/?page={}",
                                   "/duties/?duty={}&page={}", "/units/create?parent_id={}",
                                   "/admin/audit?page={}", "/search/?q=a&page={}", "/documents/?page={}",
                                   "/notifications/?page={}", "/duties/outbox?page={}"])
def test_numeric_query_arguments_beyond_the_column(as_role, query):
    client = as_role("admin")
    for number in (HUGE, "9" * 25):
        assert client.get(query.format(number, number)).status_code in (200, 404), number


def test_url_rules_use_the_bounded_converter(app):
    from werkzeug.routing import IntegerConverter

    from tracker.core.inputs import IdConverter

    int_rules = [rule for rule in app.url_map.iter_rules() if "int:" in rule.rule or "<int" in rule.rule]
    assert int_rules
    for rule in int_rules:
        assert all(isinstance(conv, IdConverter) for conv in rule._converters.values()
                   if isinstance(conv, IntegerConverter)), rule.rule






def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/documents/import/")
    return client.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_the_docx_builder_reads(as_role):
    response = _upload(as_role("secretariat"), minimal_docx(docx_parts()), "tot.docx")
    assert response.status_code == 200 and "Chỉ thị số 1" in response.get_data(as_text=True)


@pytest.mark.parametrize("part", ["word/document.xml", "word/numbering.xml", "word/footnotes.xml",
                                  "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"])
def test_malformed_xml_inside_a_docx(as_role, part):
    parts = docx_parts()
    parts[part] = b"<w:document><unclosed"
    response = _upload(as_role("secretariat"), minimal_docx(parts), "hong.docx")
    assert response.status_code == 422
    assert "không phải tài liệu Word (.docx) hợp lệ hoặc đã bị hỏng" in response.get_data(as_text=True)


def docx_parts() -> dict:
    """The parts of a small real .docx (python-docx's default template with a paragraph, a list item,
    a footnote reference)."""
    import docx

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH thực hiện", style="Title")
    document.add_paragraph("Nhiệm vụ thứ nhất", style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    item = "Nhiệm vụ thứ nhất</w:t></w:r>".encode()
    assert item in parts["word/document.xml"]
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        item, item + b'<w:r><w:footnoteReference w:id="1"/></w:r>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    parts["word/footnotes.xml"] = (
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1"><w:p><w:r><w:t>Ch\xe1\xbb\x89 th\xe1\xbb\x8b s\xe1\xbb\x91 1</w:t></w:r></w:p>'
        b'</w:footnote></w:footnotes>')
    return parts


def minimal_docx(parts: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _review_fields(client):
    return form_fields(_upload(client, SEED_000.read_bytes(), "000.txt").get_data(as_text=True), "review-form")


@pytest.mark.parametrize("payload", [
    "[]", "7", '"x"', "{", '{"tasks": 5}', '{"tasks": [5]}', '{"tasks": [{"lines": 3, "spec": 4}]}',
    '{"cited": {"a": 1}}', '{"cited": [1]}', '{"sections": [1]}', '{"sections": [{"number": 1}]}',
    '{"duties": "x"}', '{"tasks": [{"spec": "{\\"phrase\\": \\"\\", \\"due_on\\": 5}"}]}',
    '{"tasks": [{"spec": "[1]"}]}', '{"meta_lines": []}'])
def test_crafted_review_payload_is_refused(as_role, session, payload):
    client = as_role("secretariat")
    fields = _review_fields(client)
    before = session.scalar(select(func.count(Document.id)))
    fields["payload"] = payload
    response = client.post("/documents/import/confirm", data=fields)
    assert response.status_code in (302, 422), response.status_code
    assert session.scalar(select(func.count(Document.id))) == before


@pytest.mark.parametrize("field,value", [("task_count", "abc"), ("task_count", "-1"), ("t-0-acount", "x"),
                                         ("meta-issuer", f"X [#{HUGE}]"), ("t-0-a-0-unit", f"X [#{HUGE}]"),
                                         ("t-0-implements", HUGE), ("t-0-section", HUGE)])
def test_crafted_review_fields_are_refused(as_role, session, field, value):
    client = as_role("secretariat")
    fields = _review_fields(client)
    fields[field] = value
    fields["t-0-include"] = "y"
    response = client.post("/documents/import/confirm", data=fields)
    assert response.status_code in (302, 422), response.status_code
