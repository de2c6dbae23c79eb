"""OCR speed, the page pipeline before and after in one run (ratios: the machine is shared): a previous
recognise() taken from git, the current one with one worker and with two pages side by side. CPU counts this process
and its Tesseract children.

    git show ba121fe:tracker/core/ocr.py > /tmp/old_ocr.py
    .venv/bin/python bench/ocr_speed_compare.py --pages 4 --old /tmp/old_ocr.py
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.scan_corpus import corpus_file, docx_to_pdf, scan_of  # noqa: E402
from tracker.core import ocr as current  # noqa: E402
from tracker.core import scans  # noqa: E402


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _load(path: str):
    spec = importlib.util.spec_from_file_location("old_ocr", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_ocr"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--old", required=True, help="a previous tracker/core/ocr.py (git show REV:path > file)")
    args = parser.parse_args()
    old = _load(args.old)
    scan = scan_of(docx_to_pdf(corpus_file("17_")), 300).read_bytes()
    images = [scans.page_image(scan, "s.pdf", "pdf", i, 300) for i in range(args.pages)]

    def run(name, read, workers=1) -> None:
        start, cpu = time.perf_counter(), _cpu()
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(read, range(args.pages)))
        wall, used = (time.perf_counter() - start) / args.pages, (_cpu() - cpu) / args.pages
        print(f"{name}: wall {wall:.1f} s/page, cpu {used:.2f} s/page, load {os.getloadavg()[0]:.1f}", flush=True)

    run("old, 1 worker", lambda i: old.recognise(images[i].copy(), 600))
    run("new, 1 worker", lambda i: current.recognise(images[i].copy(), 600, first_page=i == 0))
    run("new, 2 pages side by side", lambda i: current.recognise(images[i].copy(), 600, first_page=i == 0), 2)


if __name__ == "__main__":
    main()
