"""PDF out: LibreOffice headless bounded in time; the routes send a PDF named after the document."""
from __future__ import annotations

import time

import pytest

from tracker.reports.pdf import PdfError, docx_to_pdf


def _fake_office(tmp_path, monkeypatch, script: str):
    folder = tmp_path / "bin"
    folder.mkdir()
    tool = folder / "soffice"
    tool.write_text("#!/bin/sh\n" + script + "\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))


def test_a_hanging_office_is_killed_at_the_time_limit(tmp_path, monkeypatch):
    _fake_office(tmp_path, monkeypatch, "/bin/sleep 30")
    started = time.monotonic()
    with pytest.raises(PdfError, match="quá thời gian cho phép"):
        docx_to_pdf(b"PK", timeout=1)
    assert time.monotonic() - started < 10


def test_no_office_or_a_failed_conversion_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfError, match="chưa cài LibreOffice"):
        docx_to_pdf(b"PK")
    _fake_office(tmp_path, monkeypatch, "exit 1")
    with pytest.raises(PdfError, match="hãy tải bản .docx"):
        docx_to_pdf(b"PK")


def _docx(text: str, stamp: tuple) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", text)):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content)
    return buffer.getvalue()


def test_a_document_converted_before_is_read_back_not_converted_again(app, tmp_path, monkeypatch):
    calls = tmp_path / "calls"
    script = (f"echo x >> {calls}\n"
              'out=""; prev=""; for a in "$@"; do if [ "$prev" = "--outdir" ]; then out="$a"; fi; prev="$a"; done\n'
              f'printf "%%PDF-1.4 %s" "$(wc -l < {calls})" > "$out/document.pdf"')
    _fake_office(tmp_path, monkeypatch, script)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    with app.app_context():
        first = docx_to_pdf(_docx("Báo cáo", (2026, 1, 1, 8, 0, 0)))
        # The same parts zipped a minute later (a .docx built again): the PDF kept, LibreOffice not started.
        assert docx_to_pdf(_docx("Báo cáo", (2026, 1, 1, 8, 1, 0))) == first
        other = docx_to_pdf(_docx("Báo cáo đã sửa", (2026, 1, 1, 8, 0, 0)))
    assert first.startswith(b"%PDF-") and other != first
    assert calls.read_text().count("x") == 2


@pytest.mark.slow
def test_report_and_plan_download_as_pdf(app, session, owed):  # noqa: F811
    from tests.reports.test_routes import _compile, _current, _finalise, _write
    from tests.tasks.helpers import client_for

    owner = client_for(app, "vanphong.vikhe")
    report_id = _compile(owner, _current(owed))
    _write(owner, report_id)
    _finalise(owner, report_id)
    response = owner.get(f"/reports/{report_id}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert "filename=BC-45-UBND-" in response.headers["Content-Disposition"]
    from sqlalchemy import select

    from tracker.plans.models import Document

    plan = session.scalar(select(Document).where(Document.number_text == "160/KH-UBND"))
    response = owner.get(f"/reports/plan/{plan.id}/pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert "filename=KH-160-UBND-2026-05-13.pdf" in response.headers["Content-Disposition"]


from tests.reports.test_routes import owed  # noqa: E402,F401 - fixture
