"""Benchmark of the PDF/scan import (needs soffice and tesseract: make office ocr):

1. a 10-page text-layer PDF (corpus #17 printed by LibreOffice, first 10 pages) uploaded to the import page until
   the review page is rendered: median and p95 of --runs requests (target: median < 2 s);
2. OCR of a scan at 300 dpi (the same plan's first --ocr-pages pages, turned and stamped like a scan): seconds per
   page with one worker and with two workers side by side, and the peak memory of the job (the Python process plus
   the largest Tesseract child, times the workers) (targets: < 6 s a page, < 1 GB).

    .venv/bin/python bench/pdf_import_bench.py [--runs 15] [--ocr-pages 4]
Writes bench/results/<date>-pdf-ocr.md.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from tests.scan_corpus import corpus_file, docx_to_pdf, scan_of  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.core import scans  # noqa: E402
from tracker.core.ocr import recognise  # noqa: E402
from tracker.demo import load_demo  # noqa: E402
from tracker.extensions import db  # noqa: E402


def ten_pages() -> bytes:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(docx_to_pdf(corpus_file("17_")).read_bytes())
    out = pdfium.PdfDocument.new()
    out.import_pages(source, list(range(min(10, len(source)))))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def review_timings(data: bytes, runs: int) -> list[float]:
    url = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
    client = app.test_client()
    client.post("/login", data={"username": "vanphong.vikhe", "password": "matkhau-demo"})
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        response = client.post("/documents/import/", data={"file": (io.BytesIO(data), "ke-hoach-10-trang.pdf")},
                               content_type="multipart/form-data")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200 and "review-form" in response.get_data(as_text=True)
    return times[1:]


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def ocr_timings(scan: bytes, pages: int, workers: int) -> tuple[float, float]:
    """(wall seconds per page, CPU seconds per page: this process and its Tesseract children)."""
    def one(index: int) -> None:
        recognise(scans.page_image(scan, "scan.pdf", "pdf", index, 300), timeout=600)

    start, cpu = time.perf_counter(), _cpu()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(pages)))
    return (time.perf_counter() - start) / pages, (_cpu() - cpu) / pages


def ocr_child(pages: int) -> None:
    """In a fresh process (so its peak memory is the OCR job's alone): timings and this process's peak RSS."""
    scan = scan_of(docx_to_pdf(corpus_file("17_")), 300, pages=pages).read_bytes()
    per_page_1, cpu_1 = ocr_timings(scan, pages, 1)
    per_page_2, _ = ocr_timings(scan, pages, 2)
    print(json.dumps([per_page_1, cpu_1, per_page_2, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]))


def tesseract_peak_mb(pages: int) -> float:
    """Peak RSS of Tesseract on one 300 dpi page, measured from a small wrapper (a fork of a big process would
    count the parent's pages too)."""
    scan = scan_of(docx_to_pdf(corpus_file("17_")), 300, pages=pages).read_bytes()
    png = Path(tempfile.mkdtemp()) / "page.png"
    scans.page_image(scan, "scan.pdf", "pdf", 0, 300).save(png)
    code = ("import resource, subprocess, sys; subprocess.run(['tesseract', sys.argv[1], '-', '-l', 'vie'], "
            "capture_output=True, check=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(png)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--ocr-pages", type=int, default=4)
    parser.add_argument("--ocr-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ocr_child:
        ocr_child(args.ocr_pages)
        return
    data = ten_pages()
    times = review_timings(data, args.runs)
    median, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
    child = subprocess.run([sys.executable, __file__, "--ocr-child", "--ocr-pages", str(args.ocr_pages)],
                           capture_output=True, text=True, check=True)
    per_page_1, cpu_1, per_page_2, self_mb = json.loads(child.stdout.strip().splitlines()[-1])
    child_mb = tesseract_peak_mb(args.ocr_pages)
    load = os.getloadavg()
    lines = [f"# PDF and scan import — {date.today()}", "",
             f"Machine: {os.cpu_count()} cores, load average during the run {load[0]:.1f} / {load[1]:.1f} "
             "(the machine is shared with other sessions: OCR times are inflated by the load).", "",
             "| measure | value | target |", "|---|---|---|",
             f"| 10-page text-layer PDF → review page, median of {len(times)} | {median:.2f} s | < 2 s |",
             f"| same, p95 | {p95:.2f} s | |",
             f"| OCR 300 dpi, 1 worker, seconds per page ({args.ocr_pages} pages) | {per_page_1:.1f} s | < 6 s |",
             f"| OCR 300 dpi, 2 workers side by side, seconds per page | {per_page_2:.1f} s | < 6 s |",
             f"| OCR 300 dpi, CPU seconds per page (all processes; what an idle 2-core machine needs at most) | "
             f"{cpu_1:.1f} s | |",
             f"| peak RSS of the OCR job's Python process (rendering 300 dpi pages, deskew, layout; 2 workers) | "
             f"{self_mb:.0f} MB | |",
             f"| peak RSS of one Tesseract process | {child_mb:.0f} MB | |",
             f"| job peak with 2 workers (Python + 2 × Tesseract) | {self_mb + 2 * child_mb:.0f} MB | < 1 GB |"]
    out = ROOT / "bench" / "results" / f"{date.today()}-pdf-ocr.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
