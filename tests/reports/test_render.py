"""The .docx as LibreOffice renders it: two pages or more, Vietnamese intact, Times metrics, page numbers."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.browser_support import ARTIFACTS
from tests.reports.conftest import TODAY
from tests.reports.test_docx import WRITTEN
from tracker.reports import services
from tracker.reports.docx import build_report_docx


def _run(*args: str, cwd=None) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=180, cwd=cwd).stdout


@pytest.mark.slow
def test_libreoffice_renders_the_report(cascade, session, user_of, tmp_path):
    for tool in ("soffice", "pdftotext", "pdftoppm", "pdffonts"):
        assert shutil.which(tool), f"{tool} is missing: run `make office` (Debian libreoffice-writer-nogui, poppler)"
    actor = user_of("secretariat")
    report = services.compile_report(actor=actor, expected=cascade.up, today=TODAY)
    services.save_draft(actor=actor, report=report, content=WRITTEN, lock_version=None)
    services.finalise(actor=actor, report=report, number="45", issued_on=TODAY, lock_version=None, today=TODAY,
                      build_docx=build_report_docx)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(build_report_docx(report))
    profile = tmp_path / "lo-profile"
    _run("soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path), str(source))
    pdf = tmp_path / "bao-cao.pdf"
    text = _run("pdftotext", "-layout", str(pdf), "-")
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    first = pages[0]
    for expected in ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Số: 45/BC-UBND", "Thử Nghiệm, ngày 20 tháng 6 năm 2026", "BÁO CÁO",
                     "I. TÌNH HÌNH TRIỂN KHAI"):
        assert expected in first, expected
    assert pages[1].strip().splitlines()[0].strip() == "2"  # the number heads page 2, not page 1
    assert not first.strip().splitlines()[0].strip().isdigit()
    assert "Nơi nhận:" in text and "TM. ỦY BAN NHÂN DÂN" in text and "Số liệu tính đến hết ngày 14/06/2026" in text
    fonts = _run("pdffonts", str(pdf))
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts, fonts
    assert "DejaVu" not in fonts, f"a glyph fell back to another font:\n{fonts}"
    ARTIFACTS.mkdir(exist_ok=True)
    _run("pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "report_docx_page"))
