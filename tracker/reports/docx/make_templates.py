"""Write the versioned Word templates (docxtpl) for both profiles; run once per format revision, then an office
may adjust the files in Word: `python -m tracker.reports.docx.make_templates`."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from tracker.reports.docx.oxml import (bottom_border, column_widths, keep_row_on_one_page, page_numbers_from_second_page, set_document_font,
                                       table_borders)

HERE = Path(__file__).resolve().parent / "templates"
TEXT_WIDTH = Cm(16.5)  # A4 210 mm - 30 left - 15 right


def _para(cell_or_doc, text: str = "", *, bold=False, italic=False, size=None, align=WD_ALIGN_PARAGRAPH.CENTER,
          underline=False, after=0, before=0):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def _first_para(cell, text: str, **kwargs):
    """A cell comes with one empty paragraph: use it for the first line."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold = kwargs.get("bold", False)
    run.font.size = Pt(kwargs.get("size", 13))
    return paragraph


def _rule(cell, indent_cm: float) -> None:
    line = _para(cell, size=6)
    line.paragraph_format.left_indent = Cm(indent_cm)
    line.paragraph_format.right_indent = Cm(indent_cm)
    bottom_border(line)


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_numbers_from_second_page(section)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after, normal.space_before, normal.line_spacing = Pt(0), Pt(0), 1.0


def _layout_table(document, widths: tuple[float, float]):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_borders(table, visible=False)
    column_widths(table, list(widths))
    return table.rows[0].cells


def _title_block(document) -> None:
    _para(document, "{{ doc_kind }}", bold=True, size=14, before=12)
    _para(document, "{{ title }}", bold=True, size=14)
    rule = _para(document, size=6, after=12)
    rule.paragraph_format.left_indent, rule.paragraph_format.right_indent = Cm(6.5), Cm(6.5)
    bottom_border(rule)
    _para(document, "{{ body_anchor }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _signer_block(document, recipients_size: int) -> None:
    left, right = _layout_table(document, (8.0, 8.5))
    keep_row_on_one_page(left._tc.getparent())
    first = left.paragraphs[0]
    first.paragraph_format.space_before = Pt(12)
    run = first.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    _para(left, "{%p for line in recipients %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{{ line }}", size=recipients_size, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.LEFT)
    right.paragraphs[0].paragraph_format.space_before = Pt(12)
    _para(right, "{%p for line in signer_lines %}")
    _para(right, "{{ line }}", bold=True, size=14)
    _para(right, "{%p endfor %}")
    for _ in range(4):
        _para(right, "", size=14)
    _para(right, "{{ signer_name }}", bold=True, size=14)


def _issuer_cell(cell, size: float) -> None:
    """The issuer column's first lines: the line above (if any) and the issuer in bold."""
    _first_para(cell, "{%p if issuer_upper %}", size=size)
    _para(cell, "{{ issuer_upper }}", size=size)
    _para(cell, "{%p endif %}", size=size)
    _para(cell, "{{ issuer_name }}", bold=True, size=size)


def build_state() -> Document:
    """Nghị định 30/2020/NĐ-CP, appendix I: issuer left, national motto right, place and date under it."""
    document = Document()
    set_document_font(document, size=14)
    _page(document)
    left, right = _layout_table(document, (6.3, 10.2))
    _issuer_cell(left, 13)
    _rule(left, 2.0)
    _para(left, "{{ number_line }}", size=13, before=4)
    _first_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12.5)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _rule(right, 2.6)
    _para(right, "{{ place_date }}", italic=True, size=14, before=4)
    _title_block(document)
    _signer_block(document, recipients_size=11)
    return document


def build_party() -> Document:
    """Hướng dẫn 36-HD/VPTW: issuer, star and number left; "ĐẢNG CỘNG SẢN VIỆT NAM" right, place and date under."""
    document = Document()
    set_document_font(document, size=14)
    _page(document)
    left, right = _layout_table(document, (7.0, 9.5))
    _issuer_cell(left, 14)
    _para(left, "*", size=14)
    _para(left, "{{ number_line }}", size=14)
    _first_para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, size=15)
    _rule(right, 1.6)
    _para(right, "{{ place_date }}", italic=True, size=14, before=6)
    _title_block(document)
    _signer_block(document, recipients_size=12)
    return document


def main() -> None:
    HERE.mkdir(exist_ok=True)
    build_state().save(HERE / "state-nd30-v1.docx")
    build_party().save(HERE / "party-hd36-v1.docx")
    print(f"Templates written to {HERE}")


if __name__ == "__main__":
    main()
