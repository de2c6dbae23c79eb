"""Reading uploads into lines: .docx structure, encodings, and bad input refused with a Vietnamese message."""
import io
import unicodedata
import zipfile

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.core.textio import MAX_TEXT_CHARS, MAX_UPLOAD_BYTES, PlanTextError, read_plan_bytes, read_plan_text

PLAN = "Kế hoạch của Ủy ban nhân dân tỉnh về việc tiếp công dân, giải quyết khiếu nại, tố cáo"
TONES = "\u0300\u0301\u0303\u0309\u0323"
# TCVN3 (ABC) bytes of the lower-case letters; upper-case letters use the same codes in the .VnTimeH fonts.
TCVN3 = {"á": 0xB8, "à": 0xB5, "ả": 0xB6, "ạ": 0xB9, "đ": 0xAE, "Đ": 0xA7, "â": 0xA9, "ê": 0xAA, "ô": 0xAB,
         "ơ": 0xAC, "ư": 0xAD, "ế": 0xD5, "ộ": 0xE9, "ò": 0xDF, "ã": 0xB7, "ủ": 0xF1, "ĩ": 0xDC, "ệ": 0xD6,
         "ự": 0xF9, "ỉ": 0xD8, "ề": 0xD2, "ố": 0xE8, "ờ": 0xEA, "ể": 0xD3, "ầ": 0xC7, "ẩ": 0xC8, "ậ": 0xCB}


def tcvn3(text: str) -> bytes:
    return b"".join(bytes([TCVN3[c]]) if c in TCVN3 else bytes([TCVN3[c.lower()]]) if c.lower() in TCVN3
                    else c.encode("latin-1") for c in text)


TCVN3_TEXT = "Cộng hoà xã hội chủ nghĩa Việt Nam. Kế hoạch thực hiện của ủy ban nhân dân tỉnh về công tác đảng"
VNI_TEXT = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. Keá hoaïch cuûa UÛy ban"


def cp1258(text: str) -> bytes:
    """Windows-1258 writes a base letter (â, ơ ...) then a combining tone byte."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tone)
    return "".join(out).encode("cp1258")


def built_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH", style="Title")
    document.add_heading("I. MỤC ĐÍCH, YÊU CẦU", level=1)
    document.add_paragraph("Nâng cao nhận thức.", style="List Bullet")
    document.add_paragraph("Thanh tra tỉnh", style="List Number")
    document.add_paragraph("Văn phòng UBND tỉnh", style="List Number")
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "Nơi nhận:"
    layout.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN"
    data = document.add_table(rows=2, cols=3)
    for row, values in enumerate([("STT", "Nội dung", "Thời hạn"), ("1", "Xây dựng kế hoạch", "Quý I/2025")]):
        for col, value in enumerate(values):
            data.cell(row, col).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_keeps_order_headings_lists_and_tables():
    lines = read_plan_bytes(built_docx(), "kehoach.docx")
    assert [line for line in lines if line] == [
        "# KẾ HOẠCH", "# I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao nhận thức.", "1. Thanh tra tỉnh",
        "2. Văn phòng UBND tỉnh", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "STT | Nội dung | Thời hạn",
        "1 | Xây dựng kế hoạch | Quý I/2025"]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def handmade_docx(body: str, footnotes: str | None = None) -> bytes:
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"/></Types>'),
        "_rels/.rels": (f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
                        f'</Relationships>'),
        "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
        "word/_rels/document.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + ("" if footnotes is None else f'<Relationship Id="rId9" Type="{R}/footnotes" Target="footnotes.xml"/>')
            + "</Relationships>"),
    }
    if footnotes is not None:
        parts["word/footnotes.xml"] = f"<w:footnotes {W}>{footnotes}</w:footnotes>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def test_docx_footnote_marker_and_text_are_kept():
    body = ('<w:p><w:r><w:t>giải quyết khiếu nại, tố cáo</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
            '<w:r><w:t>; thường xuyên rà soát.</w:t></w:r></w:p>')
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="2"><w:p><w:r><w:t xml:space="preserve"> Chỉ thị số 12-CT/TU ngày 01/4/2026.</w:t>'
             '</w:r></w:p></w:footnote>')
    lines = read_plan_bytes(handmade_docx(body, notes), "a.docx")
    assert lines[0] == "giải quyết khiếu nại, tố cáo¹; thường xuyên rà soát."
    assert lines[-1] == "¹ Chỉ thị số 12-CT/TU ngày 01/4/2026."


def test_docx_line_breaks_inside_a_paragraph_become_lines():
    body = "<w:p><w:r><w:t>TM. ỦY BAN NHÂN DÂN</w:t><w:br/><w:t>KT. CHỦ TỊCH</w:t></w:r></w:p>"
    assert read_plan_bytes(handmade_docx(body), "a.docx") == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]


def test_docx_without_text_is_refused():
    with pytest.raises(PlanTextError, match="không có chữ"):
        read_plan_bytes(handmade_docx("<w:p/>"), "a.docx")


@pytest.mark.parametrize("data,filename,words", [
    (b"", "a.txt", "trống"),
    (b"  \n\r\n ", "a.md", "trống"),
    (bytes(range(256)) * 40, "kehoach.docx", "không phải tài liệu Word"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "kehoach.docx", "Không đọc được ảnh"),
    (b"\xff\xd8\xff\xe0" + bytes(200), "kehoach.docx", "Không đọc được ảnh"),
    (b"%PDF-1.7\n%\xe2\xe3", "kehoach.docx", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "kehoach.docx", "Word cũ"),
    (b"PK\x03\x04 not really a zip", "kehoach.docx", "không phải tài liệu Word"),
    (bytes(range(1, 256)) * 20, "kehoach.txt", "nhị phân"),
    (b"abc", "kehoach.pdf", "không phải PDF hợp lệ"),
])
def test_bad_uploads_are_refused_in_vietnamese(data, filename, words):
    with pytest.raises(PlanTextError) as error:
        read_plan_bytes(data, filename)
    assert words in error.value.message


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(PlanTextError, match="không phải tài liệu Word"):
        read_plan_bytes(out.getvalue(), "kehoach.docx")


def test_a_20_mb_upload_is_refused_by_the_size_limit():
    with pytest.raises(PlanTextError) as error:
        read_plan_bytes(b"a" * (20 * 1024 * 1024), "kehoach.txt")
    assert "20.0 MB" in error.value.message and "5 MB" in error.value.message
    # Within the byte limit, the text itself is bounded (characters and lines the review handles in a request).
    assert read_plan_bytes(b"a" * MAX_TEXT_CHARS, "ok.txt")[0].startswith("aaa")
    with pytest.raises(PlanTextError, match="quá dài"):
        read_plan_bytes(b"a" * MAX_UPLOAD_BYTES, "dai.txt")


def test_legacy_tcvn3_bytes_are_refused_not_turned_into_mojibake():
    data = tcvn3(TCVN3_TEXT)
    assert data.startswith(b"C\xe9ng ho\xb5")
    with pytest.raises(PlanTextError) as error:
        read_plan_bytes(data, "kehoach.txt")
    assert "TCVN3" in error.value.message and "Unicode" in error.value.message


def test_legacy_vni_bytes_are_refused():
    with pytest.raises(PlanTextError) as error:
        read_plan_bytes(VNI_TEXT.encode("latin-1"), "kehoach.txt")
    assert "VNI" in error.value.message


def test_legacy_text_already_saved_as_utf8_or_pasted_is_refused():
    mojibake = tcvn3(TCVN3_TEXT).decode("latin-1")
    with pytest.raises(PlanTextError, match="TCVN3"):
        read_plan_bytes(mojibake.encode("utf-8"), "kehoach.md")
    with pytest.raises(PlanTextError, match="VNI"):
        read_plan_text(VNI_TEXT)


@pytest.mark.parametrize("data", [
    PLAN.encode("utf-8"), b"\xef\xbb\xbf" + PLAN.encode("utf-8"), PLAN.encode("utf-16"),
    PLAN.encode("utf-16-le"), PLAN.encode("utf-16-be"), cp1258(PLAN),
    unicodedata.normalize("NFD", PLAN).encode("utf-8"),
])
def test_unicode_and_windows_1258_are_read_as_nfc(data):
    assert read_plan_bytes(data, "kehoach.txt") == [PLAN]


def test_lines_keep_their_numbering_across_line_endings():
    assert read_plan_bytes("a\r\n\r\nb\rc\n".encode(), "x.txt") == ["a", "", "b", "c", ""]


def test_plain_western_text_is_not_mistaken_for_a_legacy_encoding():
    assert read_plan_bytes("Café crème, déjà vu".encode("latin-1"), "x.txt") == ["Café crème, déjà vu"]


def test_pasted_text_checks():
    with pytest.raises(PlanTextError, match="Chưa có nội dung"):
        read_plan_text("   ")
    with pytest.raises(PlanTextError, match="quá lớn"):
        read_plan_text("ạ" * MAX_UPLOAD_BYTES)
    assert read_plan_text("I. MỤC ĐÍCH\n\n- Nâng cao") == ["I. MỤC ĐÍCH", "", "- Nâng cao"]


@settings(max_examples=150)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.docx", "a"]))
def test_any_bytes_give_lines_or_a_vietnamese_error(data, filename):
    try:
        lines = read_plan_bytes(data, filename)
    except PlanTextError as error:
        assert error.message and not error.message.isascii()
    else:
        assert all(line == unicodedata.normalize("NFC", line) for line in lines)
