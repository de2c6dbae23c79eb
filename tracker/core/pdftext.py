"""Open an uploaded PDF (pypdfium2): refuse what cannot be read, read its text layer with layout, or ask for OCR."""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

from tracker.core.textio import PlanTextError
from tracker.core.layout import Page, Run, pages_to_lines
from tracker.core.pdftables import extract_tables, page_rules

MAX_PAGES = 40
_MIN_CHARS_PER_PAGE = 80  # fewer letters than this per page: the text is a stamp or signature box over a scan
_CONTROL = re.compile(r"[\x00-\x1f\ufffe\uffff\ufffd]")
_VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)


class PdfError(PlanTextError):
    """A PDF that cannot be read at all; `message` is Vietnamese, for the user."""


@dataclass
class PdfText:
    lines: list[str]
    page_count: int
    needs_ocr: bool


def open_pdf(data: bytes, name: str):
    """A pypdfium2 document, or PdfError for an encrypted, damaged or over-long file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfError(f"Tệp “{name}” được đặt mật khẩu nên không đọc được: hãy gỡ mật khẩu (hoặc in ra PDF "
                           "không mật khẩu) rồi tải lên lại.") from exc
        raise PdfError(f"Tệp “{name}” không phải PDF hợp lệ hoặc đã bị hỏng (tải về chưa hết?): hãy lấy lại "
                       "bản gốc rồi tải lên lại.") from exc
    count = len(pdf)
    if count == 0:
        raise PdfError(f"Tệp “{name}” không có trang nào.")
    if count > MAX_PAGES:
        raise PdfError(f"Tệp “{name}” có {count} trang, quá giới hạn {MAX_PAGES} trang cho một lần nhập: "
                       "hãy tách riêng phần kế hoạch (bỏ bớt phụ lục) rồi tải lên lại.")
    return pdf


def _page_runs(page) -> Page:
    """Words of a page from pdfium's characters: a character drawn twice at (almost) the same place (fake bold,
    signature revisions) counts once; a word ends at a space or a gap wider than 0.3 of the font size."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    seen: set[tuple[str, int, int]] = set()
    runs: list[Run] = []
    word: list[tuple[str, float, float, float, float]] = []

    def flush() -> None:
        if word:
            text = "".join(c[0] for c in word)
            runs.append(Run(min(c[1] for c in word), height - max(c[4] for c in word),
                            max(c[2] for c in word), height - min(c[3] for c in word), text))
            word.clear()

    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
        if char.isspace() or _CONTROL.match(char):
            flush()
            continue
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top)
        x0, x1, y0, y1 = left.value, right.value, bottom.value, top.value
        key = (char, round(x0), round(y0))
        if any((char, key[1] + dx, key[2] + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            continue
        seen.add(key)
        size = max(1.0, pdfium_c.FPDFText_GetFontSize(textpage.raw, index))
        if word:
            last = word[-1]
            if x0 - last[2] > 0.3 * size or x0 < last[1] - 0.5 or abs((y0 + y1) - (last[3] + last[4])) > size:
                flush()
        word.append((char, x0, x1, y0, y1))
    flush()
    textpage.close()
    runs, tables = extract_tables(runs, *page_rules(page, height))
    return Page(width, height, runs, tables)


def _readable(lines: list[str], pages: int) -> bool:
    """Enough letters per page, and Vietnamese ones: a garbled font encoding gives Latin-1 soup instead."""
    text = " ".join(lines)
    letters = sum(ch.isalpha() for ch in text)
    if letters < _MIN_CHARS_PER_PAGE * pages:
        return False
    return len(_VIETNAMESE.findall(text)) >= 0.05 * letters


def pdf_text_lines(data: bytes, name: str = "tệp") -> PdfText:
    """The text layer as plan lines, or `needs_ocr` when the PDF is a scan (or its text layer is garbled)."""
    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        pages = [_page_runs(pdf[i]) for i in range(count)]
    finally:
        pdf.close()
    lines = pages_to_lines(pages)
    return PdfText(lines, count, not _readable(lines, count))
