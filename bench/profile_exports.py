"""Time (and optionally profile) the export builders in process, on the inputs a real request gives them.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/profile_exports.py --runs 10
    ... --only monitor --profile          # pyinstrument text profile of that builder
    ... --save /tmp/exports-before        # also keep each file, to compare old and new cell by cell

Each export's route is requested once as its bench user; inside that request the builder (tasks.export's
build_task_list_xlsx, duties.export's build_matrix_xlsx, reports.docx's build_report_docx) is wrapped so it runs
`--runs` times on the same arguments after one warm-up. Only the builder is timed: the SQL is the route's, unchanged.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "matkhau-bench"

# (name, user, path or None for the province report, module holding the builder, builder name)
EXPORTS = [
    ("monitor-xlsx-province", "bench.monitor", "/tasks/monitor/export.xlsx", "tracker.tasks.routes.display",
     "build_task_list_xlsx"),
    ("duties-xlsx-central", "bench.central", "/duties/export.xlsx", "tracker.duties.routes.display",
     "build_matrix_xlsx"),
    ("duties-xlsx-province", "bench.monitor", "/duties/export.xlsx", "tracker.duties.routes.display",
     "build_matrix_xlsx"),
    ("report-docx-province", "bench.office", None, "tracker.reports.routes.files", "build_report_docx"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--only", default="", help="a regular expression over the export names")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--save", type=Path, help="a folder to write each export's bytes to")
    args = parser.parse_args()
    import importlib

    from sqlalchemy import select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.reports.models import Report

    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).order_by(Report.id))
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    for name, user, path, module_name, builder_name in EXPORTS:
        if not re.search(args.only, name):
            continue
        module = importlib.import_module(module_name)
        original = getattr(module, builder_name)
        built = getattr(importlib.import_module("tracker.reports.docx"), "_BUILT", None)  # absent before be098d8
        times: list[float] = []
        cpu: list[float] = []  # CPU time of this process: steadier than wall time on a shared machine
        output: list[bytes] = []

        def timed(*a, **kw):  # noqa: ANN002, ANN003
            original(*a, **kw)
            profiler = None
            if args.profile:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
            for _ in range(args.runs):
                if built is not None:
                    built.clear()  # the report's .docx built each time, not read from the memo
                begin, begin_cpu = time.perf_counter(), time.process_time()
                content = original(*a, **kw)
                times.append((time.perf_counter() - begin) * 1000)
                cpu.append((time.process_time() - begin_cpu) * 1000)
            if profiler:
                profiler.stop()
                print(profiler.output_text(unicode=True, color=False, show_all=False))
            output.append(content)
            return content

        setattr(module, builder_name, timed)
        try:
            client = app.test_client()
            page = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
            client.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": token})
            response = client.get(path or f"/reports/{report_id}/docx")
            assert response.status_code == 200, (name, response.status_code)
        finally:
            setattr(module, builder_name, original)
        times.sort()
        p95 = times[min(len(times) - 1, max(0, round(0.95 * len(times)) - 1))]
        print(f"{name:24} builder p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  min {times[0]:7.1f} ms"
              f"  cpu p50 {statistics.median(cpu):7.1f} ms  ({len(times)} runs, {len(output[0]):,} bytes)", flush=True)
        if args.save:
            ext = "docx" if "docx" in name else "xlsx"
            (args.save / f"{name}.{ext}").write_bytes(output[0])


if __name__ == "__main__":
    main()
