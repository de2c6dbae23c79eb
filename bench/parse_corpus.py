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


_HEAD = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: 1/KH-UBND\nBắc Ninh, ngày 01 tháng 01 năm 2026\nKẾ HOẠCH\n"
         "Kiểm tra\n\nI. NHIỆM VỤ\n")


def bad_input() -> list[str]:
    """The three bad inputs of issue 13, each read and parsed once (target: under 10 s, or refused)."""
    line = "- Sở Tư pháp chủ trì, phối hợp với Công an tỉnh tuyên truyền pháp luật, trước ngày 30/6/2026.\n"
    cases = {
        "5 MB of one repeated line": line * (5 * 1024 * 1024 // len(line.encode()) - 1),
        "3,000 tasks": _HEAD + "".join(f"{roman}. NHÓM {g}\n" + "".join(
            f"{i}. Sở Tư pháp chủ trì nhiệm vụ số {g}.{i}, trong quý II/2026.\n" for i in range(1, 301))
            for g, roman in enumerate(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"), start=1)),
        "table of 500 rows": _HEAD + "STT | Nhiệm vụ | Chủ trì | Phối hợp | Thời gian hoàn thành\n" + "".join(
            f"{i} | Kiểm tra cơ sở số {i} | Sở Công Thương | Công an tỉnh | Tháng {i % 12 + 1}/2026\n"
            for i in range(1, 501)),
    }
    out = ["## Bad input", "", "| input | ms | result |", "|---|---|---|"]
    for name, text in cases.items():
        started = time.perf_counter()
        try:
            plan = parse_plan("\n".join(read_plan_bytes(text.encode(), "x.txt")))
            result = f"{len(plan.tasks)} tasks"
        except PlanTextError as error:
            result = f"refused: {error.message}"
        out.append(f"| {name} | {(time.perf_counter() - started) * 1000:.0f} | {result} |")
    return out


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
              f"{max(totals):.1f} ms; total {sum(totals):.0f} ms.", "", *bad_input()]
    text = "\n".join(report)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
