"""A plan exported as .docx: its own text between title and Nơi nhận, or a text written from its tasks."""
from __future__ import annotations

import io

from docx import Document as open_docx
from sqlalchemy import select

from tests.tasks.helpers import client_for
from tracker.plans.models import Document
from tracker.reports.docx.plan import body_of, build_plan_docx, recipients_of
from tracker.reports.queries import plan_outline


def _paragraphs(content: bytes) -> list[str]:
    return [p.text for p in open_docx(io.BytesIO(content)).paragraphs if p.text.strip()]


def test_generated_from_sections_and_tasks(cascade, session):
    groups, parents, who = plan_outline(cascade.province_plan)
    assert [h for h, _ in groups] == ["1. Công tác tuyên truyền", "2. Tiếp công dân, giải quyết khiếu nại"]
    content = build_plan_docx(cascade.province_plan, groups, parents, who)
    document = open_docx(io.BytesIO(content))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()] == ["ỦY BAN NHÂN DÂN\nTỈNH\u00a0THỬ\u00a0NGHIỆM",
                                                                  "Số: 77/KH-UBND"]
    assert "Thử Nghiệm, ngày 02 tháng 4 năm 2025" in right.paragraphs[-1].text  # the place from the issuer
    text = _paragraphs(content)
    assert "KẾ HOẠCH" in text and text[text.index("KẾ HOẠCH") + 1] == "Thực hiện Kết luận số 99-KL/TW trên địa bàn tỉnh"
    assert ("Thực hiện Kế hoạch số 500/KH-CP ngày 01/03/2025 của Chính phủ, Ủy ban nhân dân tỉnh Thử Nghiệm ban hành "
            "Kế hoạch thực hiện như sau:") in text
    assert any(t.startswith("2. Tiếp công dân định kỳ (Chủ trì: Công an tỉnh Thử Nghiệm; Phối hợp: Văn phòng")
               for t in text)


def test_imported_text_is_kept_without_repeating_header_or_signature(session):
    plan = session.scalars(select(Document).where(Document.body_md.like("%UBND phường Vị Khê xây dựng%"))).first()
    body = body_of(plan)
    assert body.startswith("Thực hiện Kế hoạch số 160/KH-UBND") and "Nơi nhận" not in body
    assert "CỘNG HÒA" not in body and "Bùi Quốc Trung" not in body
    assert recipients_of(plan)[:2] == ["- UBND tỉnh;", "- Thanh tra tỉnh;"]
    text = _paragraphs(build_plan_docx(plan, *plan_outline(plan)))
    assert text.count("KẾ HOẠCH") == 1 and any(t.startswith("I. MỤC ĐÍCH, YÊU CẦU") for t in text)


def test_route_downloads_any_plan_and_refuses_other_documents(app, session, cascade):
    outsider = client_for(app, "xem")  # a viewer of Ninh Bình: another province's plan is not theirs to read
    assert outsider.get(f"/reports/plan/{cascade.province_plan.id}/docx").status_code == 404
    client = client_for(app, "admin")
    response = client.get(f"/reports/plan/{cascade.province_plan.id}/docx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "filename=KH-77-UBND-2025-04-02.docx" in response.headers["Content-Disposition"]
    kl = session.scalar(select(Document).where(Document.number_text == "99-KL/TW"))
    assert client.get(f"/reports/plan/{kl.id}/docx").status_code == 404


def test_a_derived_plan_without_number_gets_symbol_place_year_recipients_and_signer(cascade, session):
    from datetime import date

    from tests.reports.conftest import _doc

    draft = _doc(None, None, cascade.units["cuong_ubnd"], "Thực hiện Kế hoạch 77/KH-UBND")
    content = build_plan_docx(draft, *plan_outline(draft))
    document = open_docx(io.BytesIO(content))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text.strip()][-1] == "Số:      /KH-UBND"
    date_line = right.paragraphs[-1].text
    assert date_line.startswith("Cường Thử, ngày ") and "năm 0" not in date_line
    assert date_line.endswith(f"năm {date.today().year}") or date_line.endswith(f"năm {date.today().year + 1}")
    recipients, signer = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs if p.text.strip()] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in signer.paragraphs if p.text.strip()] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    # Nơi nhận and the signature never part: their row cannot split, and the closing text keeps with it.
    from docx.oxml.ns import qn

    assert document.tables[-1].rows[0]._tr.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
    body = document.tables[-1]._tbl.getprevious()
    assert body.find(qn("w:pPr")).find(qn("w:keepNext")) is not None
