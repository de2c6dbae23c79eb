"""The corpus plans as PDFs (LibreOffice text layer) and as scans (image-only, 200/300 dpi, turned, stamped),
scored against the parse of their own .docx: header fields and task units, printed per document.

The default run reads a few documents; TRACKER_FULL_CORPUS=1 reads every .docx of the corpus (slow)."""
from __future__ import annotations

import os

import pytest

from tests.plans.scan_scoring import score
from tests.scan_corpus import CORPUS, corpus_file, docx_to_pdf, scan_of
from tracker.core.textio import read_plan_bytes
from tracker.plans.parser import parse_plan

FULL = os.environ.get("TRACKER_FULL_CORPUS") == "1"
ALL_DOCX = sorted(p.name[:3] for p in CORPUS.glob("*.docx")) if CORPUS.is_dir() else []
TEXT_DOCS = ALL_DOCX if FULL else ["08_", "14_", "16_", "21_", "26_"]  # 08, 14: ruled task tables
SCAN_DOCS = [(d, dpi) for d in ALL_DOCX for dpi in (200, 300)] if FULL else [("21_", 200), ("26_", 300)]


def _parse(data: bytes, name: str, ocr: bool = False) -> dict:
    return parse_plan("\n".join(read_plan_bytes(data, name, ocr=ocr))).to_dict()


@pytest.mark.slow
@pytest.mark.parametrize("prefix", TEXT_DOCS)
def test_text_layer_pdf_reads_as_its_docx(prefix):
    docx = corpus_file(prefix)
    reference = _parse(docx.read_bytes(), docx.name)
    header, units, wrong = score(_parse(docx_to_pdf(docx).read_bytes(), "x.pdf"), reference)
    print(f"{prefix} text-layer PDF: header {header:.0%}, task units {units:.0%} ({len(reference['tasks'])} tasks)")
    for line in wrong:
        print("   ", line)
    # Measured on the 16 corpus .docx: task units 99.2 % on average (08 and 14, ruled task tables: 100 % and 98 %),
    # header 98.4 % (#26's .docx parse takes "Phó Chủ tịch" for the issuer; its PDF gets the body right).
    assert units >= 0.95 and header >= 0.75, wrong


@pytest.mark.slow
@pytest.mark.parametrize(("prefix", "dpi"), SCAN_DOCS)
def test_scanned_pdf_reads_close_to_its_docx(prefix, dpi):
    docx = corpus_file(prefix)
    reference = _parse(docx.read_bytes(), docx.name)
    scan = scan_of(docx_to_pdf(docx), dpi)
    plan = _parse(scan.read_bytes(), scan.name, ocr=True)
    header, units, wrong = score(plan, reference)
    print(f"{prefix} scan {dpi} dpi: header {header:.0%}, task units {units:.0%} ({len(reference['tasks'])} tasks)")
    for line in wrong:
        print("   ", line)
    # Measured on the first and signature pages of all 16 .docx at 200 and 300 dpi: header 90.8 % on average (21:
    # 100 %; 26: 75 %, its .docx parse itself takes "Phó Chủ tịch" for the issuer). Before the header's columns were
    # read one by one and the stamp was printed as ink: 81 %.
    assert units >= 0.85 and header >= 0.75, wrong
