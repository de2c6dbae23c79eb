"""Living plans on bench/generate.py's national data: editing a task with ~100 derived tasks below it, the
coverage matrix of a province plan over its communes (p50/p95 of 30 runs, SQL statements per run), and giving the
central plan's task to the group "UBND các xã, phường" of the whole country (every commune; its roll-up and
drill-down read back).

    python bench/generate.py --scale 1 --database-url URL       # once
    python bench/living_bench.py --database-url URL              # reads bench/data/national-<db>.json

Each edit runs in its own transaction and is rolled back, so the data set stays as generated. The times are
in-process (service call and flush, or the coverage reads), without HTTP.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.extensions import db  # noqa: E402

RUNS = 30


def _timed(fn, runs: int = RUNS) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, statements per run) of `fn` over `runs` runs after one warm-up."""
    statements = []

    def count(*_args, **_kwargs):
        statements[-1] += 1

    fn()
    times = []
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _ in range(runs):
            statements.append(0)
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], round(statistics.mean(statements))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    args = parser.parse_args()
    backend = make_url(args.database_url).get_backend_name()
    targets = json.loads((ROOT / "bench" / "data" / f"national-{backend}.json").read_text())
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        from datetime import date

        from tracker.plans.models import Document, Task
        from tracker.tasks import editing
        from tracker.tasks.coverage import coverage
        from tracker.tasks.queries import get_task_or_404

        today = date.fromisoformat(targets["today"])
        task_id = targets["province_task"]
        below = db.session.scalar(select(func.count(Task.id)).where(Task.implements_task_id == task_id))

        def edit_once():
            task = get_task_or_404(task_id)
            units = [(a.unit, a.role) for a in task.assignments]
            editing.edit_task(actor=None, task=task, text=task.text + " (điều chỉnh)", section=None,
                              due_on=(task.due_on or today) + timedelta(days=7), deadline_phrase=None,
                              assignments=units, today=today)
            db.session.rollback()

        edit = _timed(edit_once)
        plan = db.session.get(Document, targets["province_plan"])
        matrix = coverage(plan)

        def cover_once():
            coverage(plan)  # reads only: no rollback, so the plan is not reloaded between runs

        cover = _timed(cover_once)

        from tracker.tasks import groups
        from tracker.units.groups import count_members

        central_task = db.session.get(Task, targets["central_task"])
        area = groups.issuer_area(db.session.get(Document, central_task.document_id))
        members = count_members(area.id, "people_committee", "commune", today)

        def assign_once():
            task = db.session.get(Task, targets["central_task"])
            groups.assign_group(actor=None, task=task, area=area, kind="people_committee", level="commune",
                                role="coordinate", today=today)
            db.session.flush()
            db.session.rollback()

        group_runs = 5
        assign = _timed(assign_once, group_runs)
        group = groups.assign_group(actor=None, task=db.session.get(Task, targets["central_task"]), area=area,
                                    kind="people_committee", level="commune", role="coordinate", today=today)
        db.session.flush()
        rollup = _timed(lambda: groups.summaries([group], today), 10)
        drill = _timed(lambda: groups.member_rows(group, today), 10)
        db.session.rollback()
        lines = [f"# Living plans bench ({backend}, scale {targets['scale']}, {targets['units']:,} units)", "",
                 "| measure | size | p50 ms | p95 ms | SQL per run | budget | p95 / budget |",
                 "|---|---|---|---|---|---|---|",
                 f"| edit a task (text, deadline) | {below} derived tasks below, "
                 f"{len(get_task_or_404(task_id).assignments)} assignments | {edit[0]:.1f} | {edit[1]:.1f} | "
                 f"{edit[2]} | < 200 ms | {edit[1] / 200:.2f} |",
                 f"| coverage matrix of a province plan | {len(matrix.rows)} communes × {len(matrix.tasks)} tasks | "
                 f"{cover[0]:.1f} | {cover[1]:.1f} | {cover[2]} | p95 < 300 ms | {cover[1] / 300:.2f} |",
                 f"| assign a task to “UBND các xã, phường” of the country ({group_runs} runs) | {members:,} members "
                 f"| {assign[0]:.1f} | {assign[1]:.1f} | {assign[2]} | < 5 s | {assign[1] / 5000:.2f} |",
                 f"| that group's roll-up (10 runs) | {members:,} members | {rollup[0]:.1f} | {rollup[1]:.1f} | "
                 f"{rollup[2]} | — | — |",
                 f"| that group's drill-down, every member's state (10 runs) | {members:,} members | {drill[0]:.1f} | "
                 f"{drill[1]:.1f} | {drill[2]} | — | — |"]
        lines += ["", f"Load average while measuring: {os.getloadavg()[0]:.1f} (shared machine: compare the ratios of "
                  "one run rather than milliseconds across runs)."]
        print("\n".join(lines))
        out = ROOT / "bench" / "results" / f"{today:%Y-%m-%d}-living-{backend}.md"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
