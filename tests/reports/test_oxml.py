"""The small OXML helper: fonts in all four slots, PAGE fields, footnotes added to a document that had none."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from tracker.reports.docx.oxml import add_field, add_footnote, footnote_texts, set_fonts


def _reopen(document):
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return Document(buffer)


def test_footnotes_survive_a_round_trip_and_number_on():
    document = Document()
    first = document.add_paragraph("Đoạn một")
    assert add_footnote(document, first, "Ghi chú thứ nhất – tiếng Việt có dấu") == 1
    document = _reopen(document)
    second = document.add_paragraph("Đoạn hai")
    assert add_footnote(document, second, "Ghi chú thứ hai") == 2
    document = _reopen(document)
    assert footnote_texts(document) == {1: "Ghi chú thứ nhất – tiếng Việt có dấu", 2: "Ghi chú thứ hai"}
    references = [r.get(qn("w:id")) for r in document.element.body.iter(qn("w:footnoteReference"))]
    assert references == ["1", "2"]
    rels = [r for r in document.part.rels.values() if r.reltype.endswith("/footnotes")]
    assert len(rels) == 1


def test_page_field_and_fonts():
    document = Document()
    paragraph = document.add_paragraph()
    add_field(paragraph, "PAGE")
    kinds = [el.get(qn("w:fldCharType")) for el in paragraph._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert [t.text for t in paragraph._p.iter(qn("w:instrText"))] == [" PAGE "]
    run = paragraph.add_run("Ủy ban")
    set_fonts(run._r)
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert [fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")] == ["Times New Roman"] * 4
