"""OCRmyPDF against tracker's own pytesseract route, on the first pages of the scan-like corpus (the corpus .docx
printed by LibreOffice, rendered at 300 dpi, turned 1.2°, JPEG, the last page stamped): letters right on Vietnamese
diacritics and words against the text layer of the same page, the header fields the parser finds against the .docx
parse, seconds (wall and CPU of every process) and the peak memory of the OCR processes.

OCRmyPDF is not a dependency of tracker: install it anywhere (a throw-away venv) and pass its command:

    python3 -m venv /tmp/ovenv && /tmp/ovenv/bin/pip install ocrmypdf pypdfium2
    .venv/bin/python bench/ocr_route_choice.py --ocrmypdf /tmp/ovenv/bin/ocrmypdf [--docs 20_,24_,...]

Writes bench/results/<date>-ocr-route.md."""
from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pdf_ocr_choice import diacritic_recall, word_recall  # noqa: E402
from tests.plans.scan_scoring import header_fields  # noqa: E402
from tests.scan_corpus import CORPUS, docx_to_pdf, scan_of  # noqa: E402


def first_page(pdf_bytes: bytes) -> bytes:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf_bytes)
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [0])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def plain_text(pdf_bytes: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    return "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))


def header_score(lines: list[str], reference: dict) -> float:
    """Share of the first-page header fields (signer aside: it is on a later page) found as in the .docx."""
    from tracker.plans.parser import parse_plan

    want = {k: v for k, v in header_fields(reference).items() if k != "signer_name"}
    got = header_fields(parse_plan("\n".join(lines)).to_dict())
    return sum(got.get(k) == v for k, v in want.items()) / len(want) if want else 1.0


def run_child(code: str, *args: str) -> dict:
    """Run `code` in a fresh Python (so CPU and peak memory are the route's alone) and read its JSON answer."""
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         cwd=ROOT, timeout=1200)
    return json.loads(out.stdout.strip().splitlines()[-1])


PYTESSERACT = """
import json, resource, sys, time
sys.path.insert(0, '.')
from tracker.core import scans
from tracker.core.ocr import recognise
data = open(sys.argv[1], 'rb').read()
start = time.perf_counter()
page = recognise(scans.page_image(data, 's.pdf', 'pdf', 0, 300), timeout=600, first_page=True).to_dict()
wall = time.perf_counter() - start
lines = scans.ocr_lines([page])
usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
print(json.dumps({"wall": wall, "cpu": sum(u.ru_utime + u.ru_stime for u in usage), "lines": lines,
                  "text": " ".join(r[4] for r in page["runs"]),
                  "self_mb": usage[0].ru_maxrss / 1024, "child_mb": usage[1].ru_maxrss / 1024}))
"""

OCRMYPDF = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run([sys.argv[2], '-l', 'vie', '--force-ocr', '--output-type', 'pdf', '--optimize', '0',
                '--rotate-pages', '--pdf-renderer', 'sandwich', '--sidecar', sys.argv[3] + '.txt', '--jobs', '1',
                sys.argv[1], sys.argv[3]], check=True, capture_output=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "child_mb": usage.ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ocrmypdf", required=True, help="the ocrmypdf command (from any venv)")
    parser.add_argument("--docs", default="", help="corpus prefixes, e.g. 20_,24_ (default: every .docx)")
    args = parser.parse_args()
    from tracker.core.pdftext import pdf_text_lines
    from tracker.core.textio import read_plan_bytes
    from tracker.plans.parser import parse_plan

    version = subprocess.run([args.ocrmypdf, "--version"], capture_output=True, text=True).stdout.strip()
    rows, totals = [], {"pytesseract": [], "ocrmypdf": []}
    work = Path(tempfile.mkdtemp())
    for docx in sorted(CORPUS.glob("*.docx")):
        if args.docs and docx.name[:3] not in args.docs.split(","):
            continue
        text_pdf = docx_to_pdf(docx)
        want = plain_text(first_page(text_pdf.read_bytes()))
        reference = parse_plan("\n".join(read_plan_bytes(docx.read_bytes(), docx.name))).to_dict()
        scan = work / f"{docx.name[:3]}.pdf"
        scan.write_bytes(first_page(scan_of(text_pdf, 300).read_bytes()))
        ours = run_child(PYTESSERACT, str(scan))
        out = work / f"{docx.name[:3]}-ocrmypdf.pdf"
        theirs = run_child(OCRMYPDF, str(scan), args.ocrmypdf, str(out))
        their_pdf = out.read_bytes()
        their_text = Path(f"{out}.txt").read_text(encoding="utf-8")  # Tesseract's text as OCRmyPDF got it
        their_lines = pdf_text_lines(their_pdf).lines
        for route, got, lines, result in (("pytesseract", ours["text"], ours["lines"], ours),
                                          ("ocrmypdf", their_text, their_lines, theirs)):
            row = {"doc": docx.name[:3], "route": route, "diacritics": diacritic_recall(got, want),
                   "words": word_recall(got, want), "header": header_score(lines, reference),
                   "wall": result["wall"], "cpu": result["cpu"],
                   "mb": max(result.get("self_mb", 0), result["child_mb"])}
            rows.append(row)
            totals[route].append(row)
            print(json.dumps(row), flush=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()
    load = os.getloadavg()
    lines = [f"# OCR route: OCRmyPDF against pytesseract — {date.today()}", "",
             f"Commit {commit}; {version and 'OCRmyPDF ' + version}; Tesseract {tesseract_version()} with Debian's "
             f"`vie` data. Machine: {os.cpu_count()} cores shared with other sessions, load average "
             f"{load[0]:.1f} / {load[1]:.1f} at the end: read the seconds as ratios between the two routes.", "",
             "First page of each corpus .docx as a scan (300 dpi, turned 1.2°, JPEG). Diacritics / words: recall of "
             "the accented letters / the words of the page's text layer. Header: share of the first-page header "
             "fields the parser finds as in the .docx (OCRmyPDF's text layer read by `pdftext.py`, so both go "
             "through the same layout code; OCRmyPDF's `sandwich` renderer: its default fpdf2 renderer left no extractable text for "
             "`vie` here). OCRmyPDF without `--deskew`/`--clean` (they need unpaper, not installed). CPU: every "
             "process of the route. Peak: the largest process.", "",
             "| doc | route | diacritics | words | header | wall s | CPU s | peak MB |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['doc']} | {r['route']} | {r['diacritics']:.3f} | {r['words']:.3f} | {r['header']:.0%} | "
              f"{r['wall']:.1f} | {r['cpu']:.1f} | {r['mb']:.0f} |" for r in rows]
    lines += ["", "| route | mean diacritics | mean words | mean header | mean wall s | mean CPU s | max peak MB |",
              "|---|---|---|---|---|---|---|"]
    for route, items in totals.items():
        if items:
            n = len(items)
            lines.append(f"| {route} | {sum(r['diacritics'] for r in items) / n:.3f} | "
                         f"{sum(r['words'] for r in items) / n:.3f} | {sum(r['header'] for r in items) / n:.0%} | "
                         f"{sum(r['wall'] for r in items) / n:.1f} | {sum(r['cpu'] for r in items) / n:.1f} | "
                         f"{max(r['mb'] for r in items):.0f} |")
    out = ROOT / "bench" / "results" / f"{date.today()}-ocr-route.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def tesseract_version() -> str:
    out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).split()[1]


if __name__ == "__main__":
    main()
