"""Importing PDFs and images through the web: the original kept with the document, duplicates refused, OCR as a
job with progress, retry after a failure or a killed worker, and bad files refused with nothing saved."""
from __future__ import annotations

import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_token
from tests.core.test_pdf_scans import no_document_image
from tests.formdata import form_fields
from tests.scan_corpus import CACHE, corpus_file, page_png
from tracker.core.timeutil import utcnow
from tracker.plans.import_models import DocumentFile, ImportJob
from tracker.plans.models import Document, Task

SEED = Path(__file__).resolve().parent / "seeds" / "000_c7c61f0ecab3ec8b.txt"


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    """The seed plan (issued by a demo unit) printed to PDF by LibreOffice: a text-layer PDF."""
    out = CACHE / "seed000.pdf"
    if not out.exists():
        work = CACHE / "seed-lo"
        work.mkdir(parents=True, exist_ok=True)
        source = work / "seed000.txt"
        source.write_bytes(SEED.read_bytes())
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(work), str(source)], check=True, capture_output=True, timeout=240)
        (work / "seed000.pdf").replace(out)
    return out.read_bytes()


def _counts(session):
    return tuple(session.scalar(select(func.count(m.id))) for m in (Document, Task, DocumentFile, ImportJob))


def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/documents/import/")
    return client.post("/documents/import/", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_text_layer_pdf_is_reviewed_saved_with_its_original_and_not_twice(as_role, session, seed_pdf):
    c = as_role("secretariat")
    response = _upload(c, seed_pdf, "ke-hoach-160.pdf")
    body = response.get_data(as_text=True)
    assert response.status_code == 200, body[-1500:]
    fields = form_fields(body, "review-form")
    assert fields["import_job_id"].isdigit() and "SHA-256" in body and 'id="ocr-notice"' not in body
    assert fields["meta-issuer"] == "Ủy ban nhân dân phường Vị Khê" and fields["meta-issuer_id"].isdigit()
    fields["meta-number_text"] = "171/KH-UBND"  # the clerk fills the number the PDF left blank
    saved = c.post("/documents/import/confirm", data=fields)
    assert saved.status_code == 302, saved.get_data(as_text=True)[-2000:]
    document = session.get(Document, int(saved.location.rsplit("/", 1)[1]))
    kept = session.scalar(select(DocumentFile).where(DocumentFile.document_id == document.id))
    assert kept.filename == "ke-hoach-160.pdf" and kept.content_type == "application/pdf"
    import hashlib
    assert kept.sha256 == hashlib.sha256(seed_pdf).hexdigest() and kept.size == len(seed_pdf)
    download = c.get(f"/documents/{document.id}/original")
    assert download.status_code == 200 and download.data == seed_pdf
    assert "ke-hoach-160.pdf" in download.headers["Content-Disposition"]
    plan_page = c.get(saved.location).get_data(as_text=True)
    assert kept.sha256 in plan_page and f"/documents/{document.id}/original" in plan_page

    again = _upload(c, seed_pdf, "gui-lai.pdf").get_data(as_text=True)
    assert 'id="import-duplicate"' in again and document.label in again
    before = _counts(session)
    refused = c.post("/documents/import/confirm", data=form_fields(again, "review-form"))
    # The same plan again: refused (the document itself is already held), with the way to open it.
    assert refused.status_code == 409 and 'id="open-existing"' in refused.get_data(as_text=True)
    assert _counts(session) == before


def test_bad_pdfs_and_images_are_refused_with_nothing_kept(as_role, session, app):
    c = as_role("secretariat")
    before = _counts(session)
    real = corpus_file("29_").read_bytes()
    bomb = io.BytesIO()
    from PIL import Image
    Image.new("1", (20000, 10000), 1).save(bomb, "PNG")
    cases = [(real[: len(real) // 3], "dut.pdf", "bị hỏng"), (bomb.getvalue(), "bom.png", "quá lớn")]
    for data, name, expected in cases:
        response = _upload(c, data, name)
        assert response.status_code == 422 and expected in response.get_data(as_text=True), name
    app.config["TESSERACT_CMD"] = "/khong/co/tesseract"
    try:
        response = _upload(c, corpus_file("41_").read_bytes(), "quet.pdf")
    finally:
        app.config.pop("TESSERACT_CMD")
    assert response.status_code == 422 and "chưa cài phần nhận dạng chữ" in response.get_data(as_text=True)
    assert _counts(session) == before
    page = c.get("/documents/import/").get_data(as_text=True)
    assert "40 trang" in page  # the page limit is said before uploading


@pytest.fixture
def inline_ocr(app):
    """Jobs run in the request here: the test's transaction is not visible to a worker thread's connection."""
    app.config["OCR_INLINE"] = True
    yield
    app.config.pop("OCR_INLINE")


def test_scanned_page_goes_through_a_job_to_the_review_beside_its_image(as_role, session, inline_ocr):
    c = as_role("secretariat")
    from tests.scan_corpus import docx_to_pdf
    photo = page_png(docx_to_pdf(corpus_file("26_")), 0, 200, angle=1.0)
    response = _upload(c, photo, "anh-chup.png")
    assert response.status_code == 302 and "/documents/import/jobs/" in response.location
    job = session.get(ImportJob, int(response.location.rstrip("/").rsplit("/", 1)[1]))
    assert job.status == "done" and job.is_ocr and job.pages_done == job.pages_total == 1
    review = c.get(response.location).get_data(as_text=True)
    assert 'id="ocr-notice"' in review and "nhận dạng chữ (OCR)" in review
    assert f"/documents/import/jobs/{job.id}/pages/1.png" in review and "Lâm Đồng" in review
    image = c.get(f"/documents/import/jobs/{job.id}/pages/1.png")
    assert image.status_code == 200 and image.mimetype == "image/png" and image.data[:4] == b"\x89PNG"
    other = as_role("member")  # someone else's upload is not theirs to see
    assert other.get(response.location).status_code == 403


def test_picture_without_a_document_says_so_and_offers_typing(as_role, session, inline_ocr):
    c = as_role("secretariat")
    response = _upload(c, no_document_image(), "bien.jpg")
    review = c.get(response.location).get_data(as_text=True)
    assert 'id="ocr-no-structure"' in review and "nhập các nhiệm vụ bằng tay" in review
    assert 'name="t-0-text"' in review  # the blank task rows to type into


def test_failed_and_killed_jobs_say_why_and_can_be_retried(as_role, session, app, inline_ocr):
    c = as_role("secretariat")
    photo = no_document_image()
    app.config["OCR_PAGE_TIMEOUT"] = 0.01  # far too little: Tesseract is stopped on the first page
    try:
        response = _upload(c, photo, "cham.jpg")
    finally:
        app.config.pop("OCR_PAGE_TIMEOUT")
    page = c.get(response.location).get_data(as_text=True)
    assert "Không nhận dạng được" in page and "quá 0 giây" in page and "Nhận dạng lại" in page
    job = session.scalar(select(ImportJob).order_by(ImportJob.id.desc()))
    # A worker killed half-way leaves the job "running" with no page finished for a long time.
    job.status, job.pages_done, job.heartbeat_at = "running", 0, utcnow() - timedelta(minutes=30)
    session.flush()
    page = c.get(response.location).get_data(as_text=True)
    assert "bị gián đoạn ở trang 1/1" in page and "Chưa có gì được lưu" in page
    token = csrf_token(c, response.location)
    retried = c.post(f"{response.location}/retry", data={"csrf_token": token})
    assert retried.status_code == 302
    session.refresh(job)
    assert job.status == "done" and job.error is None
    assert 'id="ocr-notice"' in c.get(response.location).get_data(as_text=True)


def test_progress_is_polled_and_says_the_page(as_role, session):
    c = as_role("secretariat")
    from tracker.units.models import User
    from tests.conftest import ROLE_USERS
    owner = session.scalar(select(User).where(User.username == ROLE_USERS["secretariat"]))
    job = ImportJob(user_id=owner.id, filename="quet.pdf", content_type="application/pdf", size=3, sha256="0" * 64,
                    data=b"%PDF", is_ocr=True, pages_total=8, pages_done=2, status="running", heartbeat_at=utcnow())
    session.add(job)
    session.flush()
    page = c.get(f"/documents/import/jobs/{job.id}").get_data(as_text=True)
    assert "Đang nhận dạng trang 3/8…" in page and f'hx-get="/documents/import/jobs/{job.id}/progress"' in page
    part = c.get(f"/documents/import/jobs/{job.id}/progress")
    assert "Đang nhận dạng trang 3/8…" in part.get_data(as_text=True) and "HX-Redirect" not in part.headers


def test_cli_parses_a_signed_pdf_like_the_web_and_refuses_a_broken_image(app, tmp_path):
    import json

    from tracker.core.textio import read_plan_bytes
    from tracker.plans.parser import parse_plan

    signed = tmp_path / "7432.pdf"
    signed.write_bytes(corpus_file("29_").read_bytes())
    result = app.test_cli_runner().invoke(args=["plans", "parse", str(signed)])
    assert result.exit_code == 0, result.output
    expected = parse_plan("\n".join(read_plan_bytes(signed.read_bytes(), signed.name))).to_dict()
    assert json.loads(result.output) == expected and expected["metadata"]["number"] == "/UBND-XD"
    broken = tmp_path / "hong.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 40)
    result = app.test_cli_runner().invoke(args=["plans", "parse", str(broken)])
    assert result.exit_code != 0 and "Không đọc được ảnh" in result.output


def test_several_photos_are_one_document_of_several_pages(as_role, session, inline_ocr):
    from tests.scan_corpus import docx_to_pdf
    c = as_role("secretariat")
    pdf = docx_to_pdf(corpus_file("21_"))
    photos = [page_png(pdf, 0, 150), no_document_image()]
    token = csrf_token(c, "/documents/import/")
    response = c.post("/documents/import/", data={"csrf_token": token, "file": [
        (io.BytesIO(photos[0]), "trang-1.png"), (io.BytesIO(photos[1]), "trang-2.jpg")]},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    job = session.get(ImportJob, int(response.location.rstrip("/").rsplit("/", 1)[1]))
    assert job.pages_total == job.pages_done == 2 and job.filename == "2-anh-chup.pdf"
    review = c.get(response.location).get_data(as_text=True)
    assert review.count('class="img-fluid d-block"') == 2 and "Kính gửi" in review
    refused = c.post("/documents/import/", data={"csrf_token": token, "file": [
        (io.BytesIO(photos[0]), "trang-1.png"), (io.BytesIO("Kế hoạch".encode()), "ghi-chu.txt")]},
        content_type="multipart/form-data")
    assert refused.status_code == 422 and "không phải ảnh" in refused.get_data(as_text=True)
