"""Benchmark: parse time per document of the shared corpus of real plans (read + parse, no database).

    .venv/bin/python bench/parse_corpus.py [--runs 7] [--corpus /work/shared/corpus] [--out bench/results/x.md]
Reads each .md/.txt/.docx of the corpus (PDFs are another importer's), parses it `runs` times and reports the
median per document and the median over documents (target < 100 ms). A file the reader refuses is listed
with its Vietnamese message.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.core.textio import PlanTextError, read_plan_bytes  # noqa: E402
from tracker.plans.parser import parse_plan  # noqa: E402

SUFFIXES = (".md", ".txt", ".docx")


def measure(path: Path, runs: int) -> tuple[float, float, int, int]:
    """(median read ms, median parse ms, lines, tasks) of one document."""
    data = path.read_bytes()
    reads, parses, plan, lines = [], [], None, []
    for _ in range(runs):
        started = time.perf_counter()
        lines = read_plan_bytes(data, path.name)
        reads.append(time.perf_counter() - started)
        text = "\n".join(lines)
        started = time.perf_counter()
        plan = parse_plan(text)
        parses.append(time.perf_counter() - started)
    return statistics.median(reads) * 1000, statistics.median(parses) * 1000, len(lines), len(plan.tasks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    rows, totals = [], []
    for path in sorted(p for p in args.corpus.iterdir() if p.suffix in SUFFIXES and p.name != "INDEX.md"):
        try:
            read_ms, parse_ms, lines, tasks = measure(path, args.runs)
        except PlanTextError as error:
            rows.append(f"| {path.name[:60]} | — | — | — | — | {error.message} |")
            continue
        totals.append(read_ms + parse_ms)
        rows.append(f"| {path.name[:60]} | {lines} | {tasks} | {read_ms:.1f} | {parse_ms:.1f} | |")
    report = ["# Parse time per corpus document", "",
              f"{len(totals)} documents, median of {args.runs} runs each, read (.docx/.txt decoding) and parse in ms.",
              "", "| document | lines | tasks | read ms | parse ms | note |", "|---|---|---|---|---|---|", *rows, "",
              f"**Median read+parse per document: {statistics.median(totals):.1f} ms**; slowest "
              f"{max(totals):.1f} ms; total {sum(totals):.0f} ms."]
    text = "\n".join(report)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
