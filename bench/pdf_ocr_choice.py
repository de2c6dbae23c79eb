"""Measure PDF text libraries (pypdfium2, pdfplumber) and the OCR route on the corpus: run by hand, writes
bench/results/pdf_ocr_choice.md. Needs soffice, pdftoppm and tesseract (make office ocr)."""
from __future__ import annotations

import collections
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = Path("/work/shared/corpus")
ASCII = set(map(chr, range(128)))


def diacritic_recall(got: str, want: str) -> float:
    """Share of the reference's accented letters (multiset) that the candidate text has, after NFC."""
    got_c = collections.Counter(c for c in unicodedata.normalize("NFC", got) if c.isalpha() and c not in ASCII)
    want_c = collections.Counter(c for c in unicodedata.normalize("NFC", want) if c.isalpha() and c not in ASCII)
    total = sum(want_c.values())
    return sum(min(n, got_c[c]) for c, n in want_c.items()) / total if total else 1.0


def word_recall(got: str, want: str) -> float:
    got_w = collections.Counter(unicodedata.normalize("NFC", got).lower().split())
    want_w = collections.Counter(unicodedata.normalize("NFC", want).lower().split())
    return sum(min(n, got_w[w]) for w, n in want_w.items()) / max(1, sum(want_w.values()))


def with_pdfium(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))


def with_pdfplumber(data: bytes) -> str:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def with_pdftext(data: bytes) -> str:
    from tracker.core.pdftext import pdf_text_lines

    return "\n".join(pdf_text_lines(data).lines)


def measure(fn, data: bytes) -> tuple[str, float, float]:
    """Text, seconds (a plain run) and the Python peak in MB (a second run under tracemalloc, which is slow)."""
    start = time.perf_counter()
    text = fn(data)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    fn(data)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return text, seconds, peak


def main() -> None:
    from tracker.core.textio import read_plan_bytes

    work = Path(tempfile.mkdtemp(prefix="pdfchoice"))
    docs = sorted(CORPUS.glob("*.docx"))[:10]
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), *map(str, docs)],
                   check=True, capture_output=True)
    rows, totals = [], collections.defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    libs = {"pypdfium2 (plain text)": with_pdfium, "pdfplumber (plain text)": with_pdfplumber,
            "tracker pdftext (pypdfium2 chars + layout)": with_pdftext}
    for doc in docs:
        want = "\n".join(read_plan_bytes(doc.read_bytes(), doc.name))
        data = (work / (doc.stem + ".pdf")).read_bytes()
        for name, fn in libs.items():
            text, seconds, peak = measure(fn, data)
            d, w = diacritic_recall(text, want), word_recall(text, want)
            nfc = text == unicodedata.normalize("NFC", text)
            rows.append(f"| {doc.name[:2]} | {name} | {d:.4f} | {w:.4f} | {'yes' if nfc else 'no'} | {seconds:.3f} | "
                        f"{peak:.1f} |")
            t = totals[name]
            t[0], t[1], t[2], t[3] = t[0] + d, t[1] + w, t[2] + seconds, max(t[3], peak)
    out = ["# PDF text library and OCR route: measured on the corpus", "",
           f"Word files of the corpus (first {len(docs)} .docx) converted to PDF by LibreOffice; the reference is the "
           "importer's text of the same .docx. Diacritic recall = share of the reference's accented letters "
           "(multiset, NFC) found; word recall likewise for whitespace-separated words (order-free, so it shows "
           "split or glued words). Seconds: a plain run on a shared 2-core machine (load noted below). Peak = "
           "tracemalloc peak of Python allocations in a second run (pdfium's C heap is not seen).", "",
           "| doc | library | diacritic recall | word recall | NFC | seconds | peak MB |",
           "|---|---|---|---|---|---|---|",
           *rows, "", "| library | mean diacritic recall | mean word recall | total seconds | max peak MB |",
           "|---|---|---|---|---|"]
    for name, (d, w, s, p) in totals.items():
        out.append(f"| {name} | {d / len(docs):.4f} | {w / len(docs):.4f} | {s:.2f} | {p:.1f} |")
    out += ["", f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.", "",
            *ocr_rows(work, docs[:2])]
    (ROOT / "bench" / "results" / "pdf_ocr_choice.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("\n".join(out))


def ocr_rows(work: Path, docs: list[Path]) -> list[str]:
    """pytesseract (vie) on the first page rendered at 300 dpi, with and without the `osd` rotation step."""
    import pytesseract
    from PIL import Image

    from tracker.core.textio import read_plan_bytes

    rows = ["## OCR (Tesseract 5, `vie`), first page at 300 dpi", "",
            "| doc | route | diacritic recall | word recall | seconds | child max RSS MB |",
            "|---|---|---|---|---|---|"]
    for doc in docs:
        want = "\n".join(read_plan_bytes(doc.read_bytes(), doc.name))
        subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png",
                        str(work / (doc.stem + ".pdf")), str(work / "p")], check=True)
        image = Image.open(next(work.glob("p*.png")))
        for route, config in (("pytesseract psm 3", "--psm 3"), ("pytesseract psm 6", "--psm 6")):
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            text = pytesseract.image_to_string(image, lang="vie", config=config)
            seconds = time.perf_counter() - start
            rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            first_page = want[: len(text) + 200]
            rows.append(f"| {doc.name[:2]} | {route} | {diacritic_recall(text, first_page):.4f} | "
                        f"{word_recall(text, first_page):.4f} | {seconds:.2f} | {rss:.0f} |")
        for png in work.glob("p*.png"):
            png.unlink()
    return rows


if __name__ == "__main__":
    main()
