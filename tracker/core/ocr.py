"""Page images (scanned PDF pages, photos) to positioned words with Tesseract (Vietnamese): turn, deskew, read."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps

from tracker.core.textio import PlanTextError
from tracker.core.layout import Page, Run

DPI = 300
LOW_CONFIDENCE = 60  # Tesseract's word confidence (0-100) under which the review page marks the word
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".heic", ".heif")
_MAX_SIDE = 7000
# One thread per Tesseract: pages run side by side in the worker pool instead (Tesseract's own advice).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # a 300 dpi A3 page is 5000 px: bigger photos are scaled down before OCR


_MARKS = {"-", "–", "+", "•", "*", "/", "./.", "...", "…", "(", ")", "”", "“", ":", ";"}  # bare marks a plan does use


class OcrError(PlanTextError):
    """OCR cannot run or the image cannot be read; `message` is Vietnamese, for the user."""


@dataclass
class OcrPage:
    """One recognised page: its words as layout runs (pixels), and the words read with low confidence."""
    width: int
    height: int
    runs: list[Run] = field(default_factory=list)
    low: list[dict] = field(default_factory=list)  # {"text", "conf", "box": [x0, y0, x1, y1] as page fractions}
    rotated: int = 0
    skew: float = 0.0

    def to_dict(self) -> dict:
        return {"width": self.width, "height": self.height, "rotated": self.rotated, "skew": self.skew,
                "runs": [[r.x0, r.top, r.x1, r.bottom, r.text] for r in self.runs], "low": self.low}

    @staticmethod
    def page_of(data: dict) -> Page:
        return Page(data["width"], data["height"], [Run(*r) for r in data["runs"]])


def check_available(command: str | None = None) -> None:
    """Raise OcrError unless Tesseract and its Vietnamese data are installed."""
    import pytesseract

    cmd = command or pytesseract.pytesseract.tesseract_cmd
    if not shutil.which(cmd):
        raise OcrError("Máy chủ chưa cài phần nhận dạng chữ (Tesseract) nên chưa đọc được bản quét hay ảnh chụp: "
                       "hãy tải lên tệp .docx hoặc PDF có lớp chữ, hoặc báo quản trị cài đặt (make ocr).")
    try:
        languages = subprocess.run([cmd, "--list-langs"], capture_output=True, text=True, timeout=30).stdout.split()
    except Exception as exc:  # pytesseract raises its own and OS errors alike when the binary misbehaves
        raise OcrError("Phần nhận dạng chữ (Tesseract) trên máy chủ không chạy được: hãy báo quản trị.") from exc
    if "vie" not in languages:
        raise OcrError("Máy chủ chưa cài dữ liệu tiếng Việt cho phần nhận dạng chữ (tesseract-ocr-vie): "
                       "hãy báo quản trị cài đặt (make ocr).")


def open_images(data: bytes, name: str) -> list[Image.Image]:
    """The pages of an image file (a TIFF may hold several), within Pillow's decompression-bomb limit."""
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = []
            for index in range(getattr(image, "n_frames", 1)):
                image.seek(index)
                frames.append(ImageOps.exif_transpose(image.convert("RGB")))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise OcrError(f"Ảnh “{name}” quá lớn (quá {Image.MAX_IMAGE_PIXELS:,} điểm ảnh) hoặc là ảnh được tạo "
                       "để làm treo máy: hãy chụp hoặc quét lại ở độ phân giải thường (200–300 dpi).") from exc
    except Exception as exc:  # Pillow raises UnidentifiedImageError, OSError, SyntaxError for broken files
        raise OcrError(f"Không đọc được ảnh “{name}”: tệp hỏng hoặc không phải ảnh "
                       "(nhận JPG, PNG, TIFF, HEIC).") from exc
    return frames


def render_pdf_page(data: bytes, index: int, dpi: int = DPI) -> Image.Image:
    """Page `index` of a PDF as an RGB image at `dpi`."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def _orientation(image: Image.Image, timeout: float) -> int:
    """Degrees to turn the page clockwise so the text stands upright (Tesseract OSD); 0 when unsure."""
    import pytesseract

    image = image.copy()
    image.thumbnail((1400, 1400))  # orientation needs letter shapes, not detail: a third of the time
    try:
        osd = pytesseract.image_to_osd(image, config="--psm 0 -c min_characters_to_try=20",
                                       output_type=pytesseract.Output.DICT, timeout=timeout)
    except (pytesseract.TesseractError, RuntimeError):
        return 0  # too little text to decide: keep the page as it is
    return int(osd.get("rotate", 0)) if float(osd.get("orientation_conf", 0)) >= 2 else 0


def _skew(image: Image.Image) -> float:
    """Small skew angle (degrees) that makes text rows sharpest: the variance of row darkness peaks when lines
    are level. Measured on a reduced, thresholded copy; Pillow only."""
    small = ImageOps.grayscale(image)
    small.thumbnail((900, 900))
    ink = small.point(lambda v: 255 if v < 150 else 0)
    best, best_score = 0.0, -1.0
    for step in range(-16, 17):
        angle = step * 0.25
        rows = ink.rotate(angle, resample=Image.NEAREST, fillcolor=0).resize((1, ink.height), Image.BOX)
        values = rows.tobytes()
        mean = sum(values) / len(values)
        score = sum((v - mean) ** 2 for v in values)
        if score > best_score:
            best, best_score = angle, score
    return best


def _prepare(image: Image.Image) -> tuple[Image.Image, float]:
    """Grey page for Tesseract and its skew: the red channel (a red stamp over the signature turns pale, black and
    blue ink stay dark), paper tone cleared, then turned level."""
    grey = image.convert("RGB").getchannel("R").point(lambda v: 255 if v > 185 else v)
    skew = _skew(grey)
    if skew:
        grey = grey.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    return grey, skew


def _words(image: Image.Image, psm: int, timeout: float, offset: tuple[int, int] = (0, 0)) -> list[tuple]:
    """(x0, y0, x1, y1, text, confidence) of the words Tesseract reads in `image`, in page pixels."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(image, lang="vie", config=f"--oem 1 --psm {psm}", timeout=timeout,
                                         output_type=pytesseract.Output.DICT)
    except RuntimeError as exc:  # pytesseract's time-out kills tesseract and raises RuntimeError
        raise OcrError(f"Nhận dạng một trang quá {int(timeout)} giây nên đã dừng: ảnh có thể quá lớn hoặc "
                       "quá nhiễu.") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"Phần nhận dạng chữ báo lỗi: {exc.message[:200]}") from exc
    words = []
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        if text:
            x0, y0 = data["left"][i] + offset[0], data["top"][i] + offset[1]
            words.append((x0, y0, x0 + data["width"][i], y0 + data["height"][i], text, float(data["conf"][i])))
    return words


def _upright(words: list[tuple]) -> bool:
    """Enough words read with confidence: the page stands upright (no need to ask OSD for its orientation)."""
    sure = [w for w in words if w[5] >= 60 and len(w[4]) >= 3]
    return len(sure) >= 12 and len(sure) >= 0.5 * len([w for w in words if len(w[4]) >= 3])


def _header_band(words: list[tuple], width: int, height: int) -> tuple[int, int, int] | None:
    """(top, bottom, split x) of the two-column header at the top of a first page (issuer and "Số:" left, motto and
    place/date right), or None. The band ends with the right column's first block in the top third; the split is the
    x between the columns that the fewest words cross."""
    top_words = [w for w in words if w[3] < 0.36 * height]
    right = [w for w in top_words if w[0] >= 0.40 * width and (w[0] + w[2]) / 2 > 0.56 * width]
    left = [w for w in top_words if w[2] <= 0.56 * width and (w[0] + w[2]) / 2 < 0.42 * width]
    if len(right) < 3 or len(left) < 3:
        return None
    right.sort(key=lambda w: w[1])
    line = sorted(w[3] - w[1] for w in right)[len(right) // 2]
    bottom = right[0][3]
    for word in right[1:]:  # the right column's block (motto, place and date) ends at the first wide gap
        if word[1] - bottom > 3 * line:
            break
        bottom = max(bottom, word[3])
    band = [w for w in top_words if w[1] < bottom]
    top = min(w[1] for w in band)
    candidates = range(int(0.30 * width), int(0.62 * width), max(1, width // 200))
    split = min(candidates, key=lambda x: (sum(w[0] < x < w[2] for w in band), abs(x - 0.45 * width)))
    pad = int(0.01 * height)
    return max(0, top - pad), min(height, bottom + pad), split


def _reread_header(image: Image.Image, words: list[tuple], timeout: float) -> list[tuple]:
    """Read each column of the header on its own (one block each): read across both columns, Tesseract's line model
    loses the diacritics of the bold capitals ("TỈNH LÂM ĐỒNG" came back "TĨNH LẦM ĐÔNG")."""
    band = _header_band(words, *image.size)
    if band is None:
        return words
    top, bottom, split = band
    inside = [w for w in words if top <= (w[1] + w[3]) / 2 <= bottom]
    if any(w[0] < split < w[2] for w in inside):
        return words  # a line runs across the split: not two columns
    reread = (_words(image.crop((0, top, split, bottom)), 6, timeout, (0, top))
              + _words(image.crop((split, top, image.width, bottom)), 6, timeout, (split, top)))
    return [w for w in words if not top <= (w[1] + w[3]) / 2 <= bottom] + reread


def recognise(image: Image.Image, timeout: float = 120, first_page: bool = False) -> OcrPage:
    """Read one page: level it, read it once; turn it (Tesseract OSD) only when too little was read with
    confidence; on a first page, read the header's two columns again one by one. Raises OcrError when Tesseract
    fails or runs out of time."""
    if max(image.size) > _MAX_SIDE:
        image.thumbnail((_MAX_SIDE, _MAX_SIDE))
    grey, skew = _prepare(image)
    words = _words(grey, 3, timeout)
    rotated = 0
    if not _upright(words):
        rotated = _orientation(image, timeout)
        if rotated:  # OSD's "rotate" is clockwise; Pillow turns counter-clockwise
            grey, skew = _prepare(image.rotate(-rotated, expand=True, fillcolor="white"))
            words = _words(grey, 3, timeout)
    if first_page:
        words = _reread_header(grey, words, timeout)
    width, height = grey.size
    page = OcrPage(width, height, rotated=rotated, skew=skew)
    for x0, y0, x1, y1, text, conf in words:
        if not any(c.isalnum() for c in text) and text not in _MARKS or \
                0 <= conf < 40 and len(text) <= 2 and not text.isdigit():
            continue  # specks, stamp rings and signature strokes read as stray letters or symbols ("=", "(`", "|")
        page.runs.append(Run(x0, y0, x1, y1, text))
        if 0 <= conf < LOW_CONFIDENCE:
            page.low.append({"text": text, "conf": round(conf),
                             "box": [round(x0 / width, 4), round(y0 / height, 4),
                                     round(x1 / width, 4), round(y1 / height, 4)]})
    _drop_specks(page)
    return page


def _drop_specks(page: OcrPage) -> None:
    """Single letters far smaller than the page's words are pieces of a stamp ring or a signature stroke."""
    heights = sorted(r.bottom - r.top for r in page.runs if len(r.text) >= 3)
    if not heights:
        return
    small = 0.5 * heights[len(heights) // 2]
    page.runs = [r for r in page.runs if not (len(r.text) == 1 and r.text.isalpha() and r.bottom - r.top < small)]
