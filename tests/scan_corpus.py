"""Real test files for the PDF/OCR import: the corpus .docx converted by LibreOffice (text layer), and those PDFs
rendered to images and back into image-only PDFs like a scan (dpi, slight rotation, a red stamp over the
signature). Built once and cached under tests/artifacts/scans (keyed by the source's hash)."""
from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CORPUS = Path(os.environ.get("TRACKER_CORPUS", "/work/shared/corpus"))
CACHE = Path(__file__).resolve().parent / "artifacts" / "scans"


def corpus_file(prefix: str) -> Path:
    """The corpus file whose name starts with `prefix` ("26_"); skips with the reason only where the corpus folder
    itself is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the real-document corpus is absent ({CORPUS}): set TRACKER_CORPUS to its folder")
    found = sorted(CORPUS.glob(f"{prefix}*"))
    assert found, f"the corpus is here but holds no file starting {prefix!r} ({CORPUS}): the test names a document"
    return found[0]


def _key(data: bytes, *parts) -> str:
    return hashlib.sha256(data + repr(parts).encode()).hexdigest()[:12]


def docx_to_pdf(docx: Path) -> Path:
    """The .docx converted by LibreOffice (text layer), cached."""
    assert shutil.which("soffice"), "LibreOffice (soffice) is missing: run `make office`"
    out = CACHE / f"{docx.stem[:3]}{_key(docx.read_bytes(), 'pdf')}.pdf"
    if not out.exists():
        work = CACHE / f"lo-{os.getpid()}"
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{work / 'profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                       check=True, capture_output=True, timeout=240)
        (work / f"{docx.stem}.pdf").replace(out)
        shutil.rmtree(work, ignore_errors=True)
    return out


def _stamp(image, last: bool):
    """A red, stamp-like ring with a filled centre over the signature place (right column, lower page), printed as
    ink is: multiplied with the page, so the signer's name in black stays black under the red (an opaque red disc
    would erase letters no reader could get back)."""
    from PIL import Image, ImageChops, ImageDraw

    if not last:
        return image
    layer = Image.new("RGB", image.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    w, h = image.size
    cx, cy, r = int(w * 0.70), int(h * 0.62), int(w * 0.09)
    for k in range(int(w * 0.006)):
        draw.ellipse([cx - r + k, cy - r + k, cx + r - k, cy + r - k], outline=(210, 30, 40))
    draw.ellipse([cx - r // 6, cy - r // 6, cx + r // 6, cy + r // 6], fill=(210, 30, 40))
    return ImageChops.multiply(image, layer)


def scan_of(pdf: Path, dpi: int, angle: float = 1.2, pages: int | None = None) -> Path:
    """An image-only PDF of `pdf`: each page rendered at `dpi`, turned by `angle` degrees, greyed a little and
    saved as JPEG (a flatbed scan), the last page with a red stamp over the signature; cached."""
    import pypdfium2 as pdfium
    from PIL import Image

    out = CACHE / f"{pdf.stem[:3]}scan-{dpi}-{_key(pdf.read_bytes(), dpi, angle, pages, 'ink')}.pdf"
    if out.exists():
        return out
    document = pdfium.PdfDocument(pdf.read_bytes())
    frames = []
    count = min(len(document), pages or len(document))
    for index in range(count):
        image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
        image = _stamp(image, index == count - 1)
        image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(250, 250, 246))
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        frames.append(Image.open(io.BytesIO(buffer.getvalue())))
    document.close()
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    frames[0].save(tmp, "PDF", save_all=True, append_images=frames[1:], resolution=dpi)
    tmp.replace(out)
    return out


def page_png(pdf: Path, index: int, dpi: int, angle: float = 0.0) -> bytes:
    """One page of `pdf` as a PNG photo-like image (for image uploads)."""
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf.read_bytes())
    image = document[index].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    if angle:
        image = image.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
