"""PDFs and images as plan text: the text layer when there is one, OCR page by page otherwise."""
from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.core.layout import pages_to_lines
from tracker.core.ocr import IMAGE_SUFFIXES, OcrError, OcrPage, check_available, open_images, recognise, render_pdf_page
from tracker.core.pdftext import PdfError, open_pdf, pdf_text_lines

PAGE_WORKERS = 2  # pages of one scan read side by side (OCR_PAGE_WORKERS in the app): the 2 cores of a small server
MAX_SCAN_BYTES = 10 * 1024 * 1024  # the request limit (MAX_UPLOAD_MB) too
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"RIFF")
CONTENT_TYPES = {"pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".tif": "image/tiff", ".tiff": "image/tiff", ".webp": "image/webp", ".heic": "image/heic",
                 ".heif": "image/heif"}


class NeedsOcr(ValueError):
    """The file has no usable text: its pages must be recognised (outside the web request)."""

    def __init__(self, kind: str, pages: int):
        super().__init__(f"{kind}: {pages} trang cần nhận dạng chữ")
        self.kind, self.pages = kind, pages


def kind_of(data: bytes, name: str) -> str | None:
    """"pdf", "image" or None (a file for textio's other readers)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if data.startswith(_IMAGE_MAGIC) or suffix in IMAGE_SUFFIXES or data[4:12] in (b"ftypheic", b"ftypmif1"):
        return "image"
    return None


def join_photos(files: list[tuple[bytes, str]]) -> tuple[bytes, str]:
    """Several photos of one document (one per page) as one PDF of those pages, in the order given; each photo
    is checked like a single upload (a broken or over-large one is refused with its name)."""
    import io

    from tracker.core.pdftext import MAX_PAGES

    if len(files) > MAX_PAGES:
        raise OcrError(f"Đã chọn {len(files)} ảnh, quá giới hạn {MAX_PAGES} trang cho một lần nhập.")
    pages = []
    for data, name in files:
        if kind_of(data, name) != "image":
            raise OcrError(f"Khi chọn nhiều tệp, mỗi tệp phải là ảnh một trang; “{name}” không phải ảnh.")
        _check_size(len(data))
        pages.extend(open_images(data, name))
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", save_all=True, append_images=pages[1:], quality=90, resolution=200)
    _check_size(len(buffer.getvalue()))
    return buffer.getvalue(), f"{len(pages)}-anh-chup.pdf"


def content_type_of(kind: str, name: str) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get("pdf" if kind == "pdf" else suffix, "application/octet-stream")


def _check_size(size: int) -> None:
    if size > MAX_SCAN_BYTES:
        raise PdfError(f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB). Giới hạn cho PDF và ảnh là "
                       f"{MAX_SCAN_BYTES // 1024 // 1024} MB: hãy quét ở 200–300 dpi hoặc tách bớt trang.")


def scan_lines(data: bytes, name: str, kind: str) -> list[str]:
    """Lines of a text-layer PDF; raises NeedsOcr for a scan or an image (after checking it can be opened)."""
    _check_size(len(data))
    if kind == "pdf":
        text = pdf_text_lines(data, name)
        if not text.needs_ocr:
            return text.lines
        raise NeedsOcr(kind, text.page_count)
    images = open_images(data, name)
    if len(images) > 40:
        raise OcrError(f"Tệp ảnh “{name}” có {len(images)} trang, quá giới hạn 40 trang.")
    raise NeedsOcr(kind, len(images))


def page_count(data: bytes, name: str, kind: str) -> int:
    return len(open_pdf(data, name)) if kind == "pdf" else len(open_images(data, name))


def page_image(data: bytes, name: str, kind: str, index: int, dpi: int = 300):
    """Page `index` as an RGB image: a PDF page rendered at `dpi`, or the image's frame."""
    if kind == "pdf":
        return render_pdf_page(data, index, dpi)
    return open_images(data, name)[index]


def recognise_pages(data: bytes, name: str, kind: str, timeout: float = 120,
                    start: int = 0, workers: int = 1) -> Iterator[OcrPage]:
    """Recognise the pages in order (from `start`), so a caller can report progress; with `workers` > 1 that many
    pages are read side by side (one single-threaded Tesseract each: the way to use several cores)."""
    check_available()

    def one(index: int) -> OcrPage:
        return recognise(page_image(data, name, kind, index), timeout, first_page=index == 0)

    indexes = range(start, page_count(data, name, kind))
    if workers <= 1:
        for index in indexes:
            yield one(index)
        return
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr-page")
    try:
        futures = [pool.submit(one, index) for index in indexes]  # a page image is rendered only when its turn comes
        for future in futures:
            yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a failed page stops the pages not yet started


# "Số: 32I0/KH-UBND", "Số 4O-KH/TU": in the number before the symbol, letters Tesseract takes for digits are digits
_NUMBER_LINE = re.compile(r"^(\s*S[ốô]\s*:?\s*)([0-9OoIl|]*[0-9][0-9OoIl|]*|[OoIl|]{1,3})(\s*/|-[A-ZĐ])")
_AS_DIGIT = str.maketrans("OoIl|", "00111")


def ocr_lines(pages: list[dict]) -> list[str]:
    """Plan lines of recognised pages (OcrPage.to_dict()), through the same layout as a text-layer PDF; a
    document number's digits read as letters are put right."""
    lines = pages_to_lines([OcrPage.page_of(page) for page in pages])
    return [_NUMBER_LINE.sub(lambda m: m[1] + m[2].translate(_AS_DIGIT) + m[3], line, count=1) for line in lines]


def read_scan(data: bytes, name: str, kind: str, ocr: bool) -> list[str]:
    """Lines of a PDF or image; with `ocr`, scans are recognised here (the CLI), else NeedsOcr is raised."""
    try:
        return scan_lines(data, name, kind)
    except NeedsOcr:
        if not ocr:
            raise
        return ocr_lines([page.to_dict() for page in recognise_pages(data, name, kind, workers=PAGE_WORKERS)])
