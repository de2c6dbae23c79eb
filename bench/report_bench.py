"""Report compilation at national scale: a province compiles its half-year report over ~100 communes and ~3,000
derived tasks, then exports it as .docx; p50/p95 and SQL statements per compile (targets: < 2 s, < 1 s).

    python bench/report_bench.py                                  # SQLite under bench/data/
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_reports python bench/report_bench.py

The cascade comes from tasks_bench.generate (34 provinces × 100 communes × 30 tasks = 102,000 tasks); this adds
the duties (province → centre, communes → province) with submissions and progress updates in the period.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, insert, select, update  # noqa: E402

from tasks_bench import fresh_database, generate  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.core.timeutil import today_vn  # noqa: E402
from tracker.extensions import db  # noqa: E402


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return round(statistics.median(times), 1), round(times[max(0, int(len(times) * 0.95) - 1)], 1)


def prepare(targets: dict) -> int:
    """Duties up and down for the first province, submissions (some late, some missing) and updates; returns
    the id of the province's expected submission for the current half-year."""
    from tracker.duties import services as duty_services
    from tracker.duties.models import ExpectedSubmission
    from tracker.plans.models import Document, Task
    from tracker.tasks.models import TaskUpdate
    from tracker.units.models import Unit

    rng = random.Random(11)
    today = today_vn()
    province_task = db.session.get(Task, targets["province_task"])
    plan = db.session.get(Document, province_task.document_id)
    central = db.session.get(Document, db.session.get(Task, targets["upper_task"]).document_id)
    ubnd = db.session.get(Unit, plan.issuer_id)
    root = db.session.scalar(select(Unit).where(Unit.name == "Trung ương"))
    up = duty_services.create_duty(actor=None, document=central, kind="periodic", schedule="half",
                                   first_year=today.year, last_year=today.year, recipient=root,
                                   owners_mode="chosen", owners=[ubnd], title="Các tỉnh báo cáo 6 tháng")
    down = duty_services.create_duty(actor=None, document=plan, kind="periodic", schedule="half",
                                     first_year=today.year, last_year=today.year, recipient=ubnd,
                                     title="Các xã báo cáo 6 tháng")
    db.session.flush()
    owed = db.session.scalars(select(ExpectedSubmission).where(ExpectedSubmission.duty_id == down.id)).all()
    for expected in owed:
        roll = rng.random()
        if roll < 0.8 and expected.start_on <= today:
            late = roll > 0.6
            on = min(today, expected.due_on + timedelta(days=rng.randint(1, 9) if late else -rng.randint(0, 9)))
            db.session.execute(update(ExpectedSubmission).where(ExpectedSubmission.id == expected.id)
                               .values(first_submitted_on=on, versions=1, review_state="accepted"))
    province_tasks = db.session.scalars(select(Task.id).where(Task.document_id == plan.id)).all()
    rows = []
    for task_id in province_tasks:
        for n in range(6):
            rows.append({"task_id": task_id, "unit_id": ubnd.id, "reported_on": today - timedelta(days=20 * n),
                         "note_md": f"Cập nhật tiến độ lần {n}: " + "đã triển khai " * 20, "status": None})
    db.session.execute(insert(TaskUpdate), rows)
    db.session.commit()
    expected = db.session.scalar(select(ExpectedSubmission).where(
        ExpectedSubmission.duty_id == up.id, ExpectedSubmission.start_on <= today, ExpectedSubmission.end_on >= today))
    return expected.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'report_bench.db'}")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--per-commune", type=int, default=30)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    fresh_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench", "TESTING": True})
    with app.app_context():
        from tracker.demo import load_demo
        from tracker.duties.models import ExpectedSubmission
        from tracker.reports import services
        from tracker.reports.compile import draft_content
        from tracker.reports.docx import build_report_docx
        from tracker.reports.queries import compile_facts

        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
        started = time.perf_counter()
        targets = generate(args.provinces, args.communes, args.per_commune)
        expected_id = prepare(targets)
        print(f"database: {db.engine.dialect.name}; tasks generated: {targets['tasks']}; "
              f"set-up {time.perf_counter() - started:.1f} s")
        statements: list[str] = []
        listener = lambda *a: statements.append(a[2])  # noqa: E731
        compile_times, export_times = [], []
        for run in range(args.runs + 2):
            db.session.expire_all()
            expected = db.session.get(ExpectedSubmission, expected_id)
            if run == 1:
                event.listen(db.engine, "before_cursor_execute", listener)
            begin = time.perf_counter()
            content = draft_content(compile_facts(expected, today_vn()))
            elapsed = (time.perf_counter() - begin) * 1000
            if run == 1:
                event.remove(db.engine, "before_cursor_execute", listener)
            if run >= 2:
                compile_times.append(elapsed)
        report = services.compile_report(actor=None, expected=db.session.get(ExpectedSubmission, expected_id),
                                         today=today_vn())
        report.assessment_md, report.direction_md, report.proposals_md = "Đánh giá.", "Phương hướng.", "Đề xuất."
        for run in range(args.runs + 1):
            begin = time.perf_counter()
            size = len(build_report_docx(report))
            if run:
                export_times.append((time.perf_counter() - begin) * 1000)
        facts = content["facts"]
        print(f"report of one province: {facts['bodies']['total']} communes, {facts['tasks']['own']['total']} own "
              f"tasks, {facts['tasks']['below']['total']} derived tasks, submissions {facts['submissions']}, "
              f"results section {len(content['results_md']):,} chars, .docx {size:,} bytes")
        print(f"compile (facts + draft)   p50 {_percentiles(compile_times)[0]:8.1f} ms  "
              f"p95 {_percentiles(compile_times)[1]:8.1f} ms  SQL statements {len(statements)}")
        print(f"export .docx              p50 {_percentiles(export_times)[0]:8.1f} ms  "
              f"p95 {_percentiles(export_times)[1]:8.1f} ms")


if __name__ == "__main__":
    main()
