"""Every template as an office prints it: state (NĐ 30) and party (HD 36) plans, a derived plan, a report and a
supplementary report, rendered to PDF by LibreOffice and to PNG by poppler, checked page by page. The PNGs stay
in tests/artifacts to be looked at."""
from __future__ import annotations

import re
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from tests.browser_support import ARTIFACTS
from tests.reports.conftest import TODAY, _doc
from tests.reports.test_docx import WRITTEN, _party_report
from tracker.duties.models import ExpectedSubmission, ReportingDuty
from tracker.reports import services
from tracker.reports.docx import build_report_docx
from tracker.reports.docx.plan import build_plan_docx
from tracker.reports.pdf import docx_to_pdf
from tracker.reports.queries import plan_outline
from tracker.tasks import services as task_services

pytestmark = pytest.mark.slow
STATE = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY = ("ĐẢNG CỘNG SẢN VIỆT NAM",)


def render(name: str, content: bytes, tmp_path) -> list[str]:
    """PDF pages as text (layout kept), and one PNG per page in tests/artifacts/render_<name>-N.png."""
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(docx_to_pdf(content, timeout=180))
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"render_{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(ARTIFACTS / f"render_{name}")], check=True,
                   timeout=120)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return [page for page in text.split("\f") if page.strip()]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check(pages: list[str], *, motto: tuple, number: str, place_date: str, kind: str, signer: list[str]) -> None:
    first = _flat(pages[0])
    for line in motto:
        assert line in first, line
    assert re.search(number, first), (number, first[:400])
    assert place_date in first and kind in first
    assert not pages[0].strip().splitlines()[0].strip().isdigit()  # no number on page 1
    for n, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(n), f"page {n} is not numbered"
    closing = [i for i, page in enumerate(pages) if "Nơi nhận:" in page]
    assert len(closing) == 1, "Nơi nhận once"
    last = _flat(pages[closing[0]])
    for line in signer:
        assert line in last, f"{line!r} is not on the page of Nơi nhận"
    whole = _flat(" ".join(pages))
    assert "năm 0" not in whole and "tracker" not in whole.lower()
    assert "HÀ NỘI" not in whole or "HÀ\nNỘI" not in "\n".join(pages)


def test_state_report_and_its_supplement(cascade, session, user_of, tmp_path):
    actor = user_of("secretariat")
    report = services.compile_report(actor=actor, expected=cascade.up, today=TODAY)
    services.save_draft(actor=actor, report=report, content=WRITTEN | {"signer_name": "Trần Văn Bình"},
                        lock_version=None)
    services.finalise(actor=actor, report=report, number="45", issued_on=TODAY, lock_version=None, today=TODAY,
                      build_docx=build_report_docx)
    pages = render("state_report", build_report_docx(report), tmp_path)
    check(pages, motto=STATE, number=r"Số: 45/BC-UBND", place_date="Thử Nghiệm, ngày 20 tháng 6 năm 2026",
          kind="BÁO CÁO", signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình"])
    assert "Số liệu tính đến hết ngày 14/06/2026" in _flat(" ".join(pages))
    cascade.up.review_state = "accepted"
    supplement = services.start_supplement(actor=actor, report=report, today=date(2026, 7, 10))
    pages = render("state_supplement", build_report_docx(supplement), tmp_path)
    check(pages, motto=STATE, number=r"Số:\s+/BC-UBND", place_date="Thử Nghiệm, ngày tháng năm 2026",
          kind="BÁO CÁO BỔ SUNG", signer=["TM. ỦY BAN NHÂN DÂN", "Trần Văn Bình"])


def test_party_report(session, unit_named, tmp_path):
    pages = render("party_report", build_report_docx(_party_report(unit_named("Đảng ủy phường Vị Khê"))), tmp_path)
    check(pages, motto=PARTY, number=r"Số 12-BC/ĐU", place_date="Vị Khê, ngày 05 tháng 02 năm 2026",
          kind="BÁO CÁO", signer=["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"])


def test_state_plan_and_a_derived_plan(cascade, session, tmp_path):
    plan = cascade.province_plan
    plan.signer_authority, plan.signer_position, plan.signer_name = "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"
    pages = render("state_plan", build_plan_docx(plan, *plan_outline(plan)), tmp_path)
    check(pages, motto=STATE, number=r"Số: 77/KH-UBND", place_date="Thử Nghiệm, ngày 02 tháng 4 năm 2025",
          kind="KẾ HOẠCH", signer=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Hoa"])
    derived = _doc(None, None, cascade.units["cuong_ubnd"], "Thực hiện Kế hoạch số 77/KH-UBND của UBND tỉnh")
    for n in range(1, 4):
        task_services.create_task(actor=None, document=derived, position=n, text=f"Nhiệm vụ triển khai ở xã số {n}",
                                  assignments=[(cascade.units["cuong_ubnd"], "lead")], due_on=date(2026, 9, 30))
    pages = render("derived_plan", build_plan_docx(derived, *plan_outline(derived)), tmp_path)
    check(pages, motto=STATE, number=r"Số:\s+/KH-UBND", place_date="Cường Thử, ngày tháng năm",
          kind="KẾ HOẠCH", signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"])
    assert "- Như trên;" in _flat(" ".join(pages))


def test_party_plan(session, unit_named, tmp_path):
    committee = unit_named("Đảng ủy phường Vị Khê")
    plan = _doc("15-KH/ĐU", date(2026, 5, 20), committee, "Thực hiện Kết luận số 107-KL/TW của Bộ Chính trị")
    plan.signer_authority, plan.signer_position, plan.signer_name = "T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"
    pages = render("party_plan", build_plan_docx(plan, *plan_outline(plan)), tmp_path)
    check(pages, motto=PARTY, number=r"Số 15-KH/ĐU", place_date="Vị Khê, ngày 20 tháng 5 năm 2026",
          kind="KẾ HOẠCH", signer=["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"])


def test_the_demo_ward_quarterly_report_fits_in_a_few_pages(session, unit_named, tmp_path):
    """A demo ward's quarterly report, as compiled: its page count is printed for the record."""
    committee = unit_named("Đảng ủy phường Ba Đình")
    expected = session.scalar(select(ExpectedSubmission).join(ReportingDuty).where(
        ExpectedSubmission.unit_id == committee.id, ReportingDuty.schedule == "quarter",
        ExpectedSubmission.period_key == "2026-Q1"))
    report = services.compile_report(actor=None, expected=expected, today=date(2026, 3, 20))
    services.save_draft(actor=None, report=report, content=WRITTEN, lock_version=None)
    pages = render("demo_ward_quarter", build_report_docx(report), tmp_path)
    print(f"\ndemo ward quarterly report (Đảng ủy phường Ba Đình, quý I/2026): {len(pages)} pages")
    assert 1 <= len(pages) <= 5


def test_the_demo_ward_half_year_report_with_its_tasks(session, unit_named, tmp_path):
    """Vị Khê (a ward with its own plan, tasks and updates in the demo): its half-year report's page count."""
    from tracker.core.timeutil import today_vn

    ubnd = unit_named("Ủy ban nhân dân phường Vị Khê")
    today = today_vn()
    expected = session.scalars(select(ExpectedSubmission).join(ReportingDuty).where(
        ExpectedSubmission.unit_id == ubnd.id, ReportingDuty.schedule == "half",
        ExpectedSubmission.start_on <= today).order_by(ExpectedSubmission.start_on.desc())).first()
    report = services.compile_report(actor=None, expected=expected, today=today)
    services.save_draft(actor=None, report=report, content=WRITTEN, lock_version=None)
    pages = render("demo_ward_half_year", build_report_docx(report), tmp_path)
    print(f"\ndemo ward half-year report (UBND phường Vị Khê, {expected.period_label}): {len(pages)} pages, "
          f"{report.facts['tasks']['own']['total'] if report.facts['tasks'] else 0} tasks")
    assert 1 <= len(pages) <= 5
