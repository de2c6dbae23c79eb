"""The .docx opened with python-docx: NĐ 30/2020 page and header, HD 36 for party bodies, figures, signer."""
from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.reports.conftest import TODAY
from tracker.reports import services
from tracker.reports.docx import build_report_docx, place_date
from tracker.reports.docx.oxml import footnote_texts
from tracker.reports.models import Report

WRITTEN = {"assessment_md": "**Kết quả:** tốt.\n\n| Chỉ tiêu | Số lượng |\n|---|---|\n| Lượt tiếp | 12 |\n\n"
                            "<script>x</script>",
           "direction_md": "- Tiếp tục tiếp công dân\n- Giải quyết dứt điểm", "proposals_md": "Đề nghị tập huấn."}


@pytest.fixture
def final_docx(cascade, session, user_of):
    actor = user_of("secretariat")
    report = services.compile_report(actor=actor, expected=cascade.up, today=TODAY)
    services.save_draft(actor=actor, report=report, content=WRITTEN, lock_version=None)
    services.finalise(actor=actor, report=report, number="45", issued_on=TODAY, lock_version=None, today=TODAY,
                      build_docx=build_report_docx)
    return report, Document(io.BytesIO(build_report_docx(report)))


def _texts(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text.strip()]


def test_page_and_fonts(final_docx):
    _, document = final_docx
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [round(m.mm, 1) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                         section.right_margin)]
    assert margins == [20.0, 20.0, 30.0, 15.0]
    fonts = document.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    assert document.styles["Normal"].font.size.pt == 14
    body_xml = document.element.body.xml
    assert "Calibri" not in body_xml
    for run in document.element.body.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        assert text == unicodedata.normalize("NFC", text)


def test_header_title_and_page_numbers(final_docx):
    _, document = final_docx
    header = document.tables[0]
    assert header._tbl.tblPr.find(qn("w:tblBorders")).find(qn("w:top")).get(qn("w:val")) == "nil"
    left, right = (cell for cell in header.rows[0].cells)
    # The locality is held together by no-break spaces: a narrow column never splits "HÀ / NỘI".
    assert _texts(left) == ["ỦY BAN NHÂN DÂN\nTỈNH\u00a0THỬ\u00a0NGHIỆM", "Số: 45/BC-UBND"]
    assert _texts(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                             "Thử Nghiệm, ngày 20 tháng 6 năm 2026"]
    issuer = next(p for p in left.paragraphs if p.text.startswith("ỦY BAN"))
    assert all(r.bold for r in issuer.runs if r.text.strip())
    assert right.paragraphs[-1].runs[0].italic
    body = _texts(document)
    kind = body.index("BÁO CÁO")
    assert body[kind + 1].startswith("Kết quả thực hiện Kết luận số 99-KL/TW")
    title = document.paragraphs[[p.text for p in document.paragraphs].index("BÁO CÁO")]
    assert title.alignment == 1 and title.runs[0].bold
    for heading in ("I. TÌNH HÌNH TRIỂN KHAI", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG",
                    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in body
    section = document.sections[0]
    assert section.different_first_page_header_footer
    instructions = [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))


def test_figures_tables_footnote_and_signer(final_docx):
    report, document = final_docx
    stats = next(t for t in document.tables if t.cell(0, 0).text == "Nhiệm vụ")
    rows = [[c.text for c in row.cells] for row in stats.rows]
    assert rows[0][:3] == ["Nhiệm vụ", "Tổng số", "Hoàn thành đúng hạn"]
    assert rows[1] == ["Của kế hoạch đơn vị", "3", "1", "0", "0", "1", "1"]
    assert rows[2] == ["Triển khai ở cấp dưới", "3", "1", "0", "1", "1", "0"]
    assert rows[3] == ["Tổng cộng", "6", "2", "0", "1", "2", "1"]
    submissions = next(t for t in document.tables if t.cell(0, 0).text == "Báo cáo cấp dưới")
    assert [c.text for c in submissions.rows[1].cells] == ["Số lượng", "3", "1", "1", "1", "0"]
    written = next(t for t in document.tables if t.cell(0, 0).text == "Chỉ tiêu")
    assert written.cell(1, 1).text == "12"
    notes = footnote_texts(document)
    assert list(notes.values()) == ["Số liệu tính đến hết ngày 14/06/2026, ngày chốt số liệu của kỳ báo cáo "
                                    "(từ 15/12/2025 đến 14/06/2026), theo dữ liệu các đơn vị cập nhật trên hệ "
                                    "thống theo dõi."]
    signer = document.tables[-1]
    left, right = signer.rows[0].cells
    assert _texts(left)[0] == "Nơi nhận:" and "- Chính phủ;" in _texts(left)
    assert min(r.font.size.pt for p in left.paragraphs[1:] for r in p.runs if r.text.strip()) == 11
    assert _texts(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    text = "\n".join(_texts(document))
    assert "<script>" not in document.element.body.xml and "MỚI: tiếp 25 lượt" in text
    assert "Trên đây là báo cáo kết quả thực hiện của Ủy ban nhân dân tỉnh Thử Nghiệm./." in text


def _party_report(unit) -> Report:
    report = Report(profile="party", template_name="party-hd36-v1", issuer_upper="ĐẢNG BỘ TỈNH NINH BÌNH",
                    issuer_name="ĐẢNG ỦY PHƯỜNG VỊ KHÊ", symbol="BC/ĐU", number_text="12-BC/ĐU",
                    issued_on=date(2026, 2, 5), place="Vị Khê", title="Kết quả thực hiện Kết luận số 107-KL/TW",
                    opening_md="Thực hiện …", deployment_md="", results_md="", assessment_md="Tốt.",
                    direction_md="Tiếp tục.", proposals_md="Không.", signer_authority="T/M ĐẢNG ỦY",
                    signer_position="BÍ THƯ", signer_name="Nguyễn Văn A", recipients_md="- Ban Thường vụ Tỉnh ủy;",
                    facts={"as_of": "2026-02-05", "period": {"start": "2025-12-15", "end": "2026-06-14"},
                           "tasks": None, "submissions": None})
    report.unit = unit
    return report


def test_party_profile_follows_hd36_and_says_when_there_is_no_data(session, unit_named):
    document = Document(io.BytesIO(build_report_docx(_party_report(unit_named("Đảng ủy phường Vị Khê")))))
    left, right = document.tables[0].rows[0].cells
    assert _texts(left) == ["ĐẢNG BỘ TỈNH\u00a0NINH\u00a0BÌNH", "ĐẢNG ỦY PHƯỜNG\u00a0VỊ\u00a0KHÊ", "*", "Số 12-BC/ĐU"]
    assert _texts(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Vị Khê, ngày 05 tháng 02 năm 2026"]
    assert _texts(document.tables[-1].rows[0].cells[1]) == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn A"]
    text = "\n".join(_texts(document))
    assert "Kỳ báo cáo này chưa có số liệu nhiệm vụ hoặc báo cáo của cấp dưới trên hệ thống." in text
    assert not [t for t in document.tables if t.cell(0, 0).text == "Nhiệm vụ"]


def test_place_date_follows_nd30_zero_padding():
    assert place_date("Vị Khê", date(2026, 2, 5), 2026) == "Vị Khê, ngày 05 tháng 02 năm 2026"
    assert place_date("Hà Nội", date(2026, 11, 23), 2026) == "Hà Nội, ngày 23 tháng 11 năm 2026"
    assert place_date("", None, 2026) == "ngày     tháng     năm 2026"


def test_writer_runs_and_tables_keep_fonts_formats_and_widths():
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from tracker.reports.docx.markdown_docx import Writer

    document = Document()
    writer = Writer(document)
    nfd = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    writer.text(f"  {nfd}")
    writer.text("cột\tmột\ndòng hai")
    table = writer.table(["STT", "Cơ quan", "Tình trạng"], [["1", nfd, "Muộn"], ["2", "B", "Chưa nộp"]],
                         widths=[1.2, 7.3, 7.5], size=11, bold_last=True)
    runs = list(document.element.body.iter(qn("w:r")))
    assert len(runs) == 2 + 9
    for run in runs:
        fonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}
    first, second = document.paragraphs[:2]
    assert first.text == "  Ủy ban nhân dân" and first.runs[0]._r[-1].get(qn("xml:space")) == "preserve"
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and round(first.paragraph_format.first_line_indent.cm, 2) == 1.0
    assert second.text == "cột\tmột\ndòng hai" and first.runs[0].font.size.pt == 14
    rows = table.rows
    assert [c.text for c in rows[1].cells] == ["1", "Ủy ban nhân dân", "Muộn"]
    assert [[round(c.width.cm, 1) for c in row.cells] for row in rows] == [[1.2, 7.3, 7.5]] * 3
    assert [[r.bold for c in row.cells for r in c.paragraphs[0].runs] for row in rows] == [
        [True] * 3, [None] * 3, [True] * 3]
    assert [c.paragraphs[0].alignment for c in rows[0].cells] == [WD_ALIGN_PARAGRAPH.CENTER] * 3
    assert [c.paragraphs[0].alignment for c in rows[1].cells] == [WD_ALIGN_PARAGRAPH.LEFT] + [
        WD_ALIGN_PARAGRAPH.CENTER] * 2
    assert {r.font.size.pt for row in rows for c in row.cells for r in c.paragraphs[0].runs} == {11}


def test_exports_in_a_row_share_nothing(session, unit_named):
    # Paragraph and run formats and compiled template parts are reused from one export to the next: each export
    # must still get its own copies and its own text.
    report = _party_report(unit_named("Đảng ủy phường Vị Khê"))
    first = build_report_docx(report)
    report.title, report.assessment_md = "Một tiêu đề khác", "- Ý kiến **khác** hẳn"
    other = Document(io.BytesIO(build_report_docx(report)))
    report.title, report.assessment_md = "Kết quả thực hiện Kết luận số 107-KL/TW", "Tốt."
    again = build_report_docx(report)
    text = "\n".join(_texts(other))
    assert "Một tiêu đề khác" in text and "Ý kiến khác hẳn" in text and "Kết luận số 107-KL/TW" not in text
    assert Document(io.BytesIO(first)).element.body.xml == Document(io.BytesIO(again)).element.body.xml


def test_the_same_content_gives_the_file_built_before_and_any_change_a_new_one(session, unit_named):
    report = _party_report(unit_named("Đảng ủy phường Vị Khê"))
    first = build_report_docx(report)
    assert build_report_docx(report) is first  # downloaded again, or converted to PDF: not built again
    changes = [("direction_md", "- Một phương hướng mới"), ("signer_name", "Trần Văn B"), ("number_text", "46-BC/ĐU"),
               ("issued_on", date(2026, 7, 2)), ("recipients_md", "- Ban Nội chính Tỉnh ủy")]
    seen = [first]
    for field, value in changes:
        setattr(report, field, value)
        built = build_report_docx(report)
        assert all(built != earlier for earlier in seen), field
        seen.append(built)
    report.facts = {**report.facts, "annex": {"bodies": [["Đảng ủy xã A", "Chưa ban hành"]]}}
    with_annex = Document(io.BytesIO(build_report_docx(report)))
    assert "PHỤ LỤC" in "\n".join(_texts(with_annex))
    report.unit.name = "Đảng ủy phường Vị Khê mới"
    assert "Đảng ủy phường Vị Khê mới" in "\n".join(_texts(Document(io.BytesIO(build_report_docx(report)))))


def test_an_edited_template_file_is_read_again(tmp_path):
    import os
    import zipfile

    from tracker.reports.docx import _template_bytes

    path = tmp_path / "mau.docx"
    for version, text in enumerate(("bản đầu", "bản sửa, dài hơn")):
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("word/document.xml", text)
        os.utime(path, ns=(10**9 * (version + 1),) * 2)
        with zipfile.ZipFile(io.BytesIO(_template_bytes(path))) as copy:
            assert copy.read("word/document.xml").decode() == text
            assert {info.compress_type for info in copy.infolist()} == {zipfile.ZIP_STORED}
