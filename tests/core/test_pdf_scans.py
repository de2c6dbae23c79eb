"""Reading real PDFs and images: text layer with layout, refusals with Vietnamese messages, OCR of a page."""
from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.scan_corpus import corpus_file, docx_to_pdf, page_png, scan_of
from tracker.core import scans
from tracker.core.ocr import OcrError, check_available, open_images, recognise
from tracker.core.pdftext import MAX_PAGES, PdfError, pdf_text_lines
from tracker.core.textio import read_plan_bytes


def test_signed_pdf_header_is_put_back_in_reading_order():
    # #29: Aspose PDF with four signature revisions; its characters are drawn twice (fake bold).
    lines = pdf_text_lines(corpus_file("29_").read_bytes()).lines
    head = lines[:16]
    assert head[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: /UBND-XD"]
    left_end, right = head.index("Kính gửi:"), head.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert left_end < right  # the whole left column, then the right one
    assert head[right + 1] == "Độc lập - Tự do - Hạnh phúc" and head[right + 2] == "Lào Cai, ngày tháng 7 năm 2026"
    text = "\n".join(lines)
    assert "Thủ trưởng các sở, ban, ngành" in text and "Thủhủ" not in text  # no doubled letters
    # a paragraph wrapped over several lines in the PDF is one line again
    assert any(line.startswith("Ngày 29/6/2026, Bộ trưởng") and line.endswith("ngày 01 tháng 7 năm 2028.")
               for line in lines)
    assert [line for line in lines if line][-3:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phan Trung Bá"]


def test_word_pdf_drops_page_numbers_and_joins_paragraphs_across_pages():
    docx = corpus_file("17_")
    lines = read_plan_bytes(docx_to_pdf(docx).read_bytes(), "17.pdf")
    word = read_plan_bytes(docx.read_bytes(), docx.name)
    assert not any(line.strip().isdigit() for line in lines), "a page number was left in the text"
    body = {line.strip() for line in word if len(line.strip()) > 60}
    same = sum(1 for line in lines if line.strip() in body)
    assert same >= 0.8 * len(body), f"only {same} of {len(body)} long paragraphs read back whole"


def test_word_task_table_in_a_pdf_reads_as_the_docx_rows():
    # #14's annex "PHỤ LỤC": a 7-column ruled task table over 19 landscape pages, its heading row repeated on each
    # page, section rows ("I | Cải cách thể chế") and rows cut by a page break.
    docx = corpus_file("14_")
    word = [line for line in read_plan_bytes(docx.read_bytes(), docx.name) if line.count(" | ") >= 5]
    pdf = [line for line in read_plan_bytes(docx_to_pdf(docx).read_bytes(), "14.pdf") if line.count(" | ") >= 5]
    assert pdf[0] == word[0] == ("STT | Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì thực hiện | "
                                 "Phối hợp thực hiện | Theo dõi, kiểm tra, đôn đốc")
    assert pdf.count(pdf[0]) == 1, "the heading row repeated on each page was kept"
    assert "I | Cải cách thể chế |  |  |  |  |" in pdf
    assert len(pdf) == len(word)
    same = sum(1 for a, b in zip(pdf, word) if a.split() == b.split())  # Word's double spaces aside
    assert same >= 0.9 * len(word), f"only {same} of {len(word)} rows read as the .docx has them"


def test_shaded_paragraphs_are_not_a_table():
    # #26 shades its paragraphs (filled rectangles behind each line): no rule, so no table
    lines = read_plan_bytes(docx_to_pdf(corpus_file("26_")).read_bytes(), "26.pdf")
    assert not any(" | " in line for line in lines)


def test_scans_and_garbled_text_layers_need_ocr():
    for prefix in ("37_", "41_", "12_"):  # HP scan, one-page scan, text layer in a broken font encoding
        result = pdf_text_lines(corpus_file(prefix).read_bytes())
        assert result.needs_ocr, prefix
    with pytest.raises(scans.NeedsOcr) as needs:
        read_plan_bytes(corpus_file("37_").read_bytes(), "3980.pdf")
    assert needs.value.pages == 3


def test_encrypted_corrupted_and_overlong_pdfs_are_refused(tmp_path):
    source = tmp_path / "mat.txt"
    source.write_text("Kế hoạch có mật khẩu", encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to",
                    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                    '"DocumentOpenPassword":{"type":"string","value":"abc"}}', "--outdir", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=240)
    with pytest.raises(PdfError, match="mật khẩu"):
        read_plan_bytes((tmp_path / "mat.pdf").read_bytes(), "mat.pdf")
    real = corpus_file("29_").read_bytes()
    with pytest.raises(PdfError, match="hỏng"):
        read_plan_bytes(real[: len(real) // 3], "dut.pdf")
    pages = [Image.new("1", (60, 80), 1) for _ in range(300)]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:])
    with pytest.raises(PdfError, match=f"300 trang, quá giới hạn {MAX_PAGES} trang"):
        read_plan_bytes(buffer.getvalue(), "dai.pdf")


def test_decompression_bomb_and_broken_images_are_refused():
    buffer = io.BytesIO()
    Image.new("1", (20000, 10000), 1).save(buffer, "PNG")  # 200 million pixels in a few kilobytes
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(OcrError, match="quá lớn"):
        read_plan_bytes(buffer.getvalue(), "bom.png")
    with pytest.raises(OcrError, match="Không đọc được ảnh"):
        open_images(b"\xff\xd8\xff" + b"\x00" * 300, "hong.jpg")


def test_missing_tesseract_is_said_in_vietnamese():
    with pytest.raises(OcrError, match="chưa cài phần nhận dạng chữ"):
        check_available("/khong/co/tesseract")


def test_a_photographed_page_is_recognised_upright(tmp_path):
    check_available()
    pdf = docx_to_pdf(corpus_file("21_"))
    photo = page_png(pdf, 0, 200, angle=90)  # the phone held sideways
    lines = read_plan_bytes(photo, "anh.png", ocr=True)
    text = "\n".join(lines)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "ỦY BAN NHÂN DÂN" in text.upper()


def test_scan_header_columns_are_read_one_by_one():
    # #20 scanned at 200 dpi: read across both columns, the issuer's bold capitals lost their diacritics
    # ("TĨNH LẦM ĐÔNG"); read column by column they are right, and the right column stays after the left.
    check_available()
    scan = scan_of(docx_to_pdf(corpus_file("20_")), 200)
    page = recognise(scans.page_image(scan.read_bytes(), "s.pdf", "pdf", 0), first_page=True)
    lines = scans.ocr_lines([page.to_dict()])
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: /UBND-NC"], lines[:8]
    assert lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") > lines.index("Số: /UBND-NC")
    assert not any("|" in line for line in lines)


def test_ocr_number_letters_read_as_digits_are_put_right():
    def page(*texts):
        runs = [[100, 100 + 60 * i, 900, 140 + 60 * i, text] for i, text in enumerate(texts)]
        return {"width": 2000, "height": 3000, "rotated": 0, "skew": 0, "runs": runs, "low": []}

    assert scans.ocr_lines([page("Số: 32I0/QĐ-UBND")]) == ["Số: 3210/QĐ-UBND"]
    assert scans.ocr_lines([page("Số 4O-KH/TU")]) == ["Số 40-KH/TU"]
    assert scans.ocr_lines([page("Số: /UBND-NC", "Sở Lao động")]) == ["Số: /UBND-NC", "Sở Lao động"]


def no_document_image() -> bytes:
    """A picture with a caption: words, but nothing of a plan (no number, sections or tasks)."""
    image = Image.new("RGB", (1400, 900), (90, 140, 200))
    draw = ImageDraw.Draw(image)
    draw.ellipse([500, 150, 900, 550], fill=(250, 210, 60))
    draw.rectangle([0, 650, 1400, 900], fill=(230, 220, 180))
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf", 48)
    except OSError:
        font = ImageFont.load_default()
    draw.text((80, 720), "Bãi biển buổi sáng, tháng Năm", fill=(20, 20, 20), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()




def test_iphone_heic_photo_opens_as_a_page():
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.open(io.BytesIO(page_png(docx_to_pdf(corpus_file("21_")), 0, 100))).save(buffer, "HEIF")
    data = buffer.getvalue()
    assert scans.kind_of(data, "IMG_0001") == "image"  # known by its content even without a suffix
    (page,) = open_images(data, "IMG_0001.HEIC")
    assert page.size == (827, 1170) and page.mode == "RGB"
