"""The JSON API at national scale: a page of 100 tasks of a province (p50/p95, SQL statements) and a full incremental
sync of one province after a day of changes, through the whole Flask stack with a bearer token.

    python bench/api_bench.py                              # SQLite under bench/data/ (102,000 tasks)
    python bench/api_bench.py --communes 1 --per-commune 30  # ~1 % of that
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_api python bench/api_bench.py

Data: bench/tasks_bench.py's cascade (34 provinces x 100 communes x 30 tasks). The partner is a client bound to one
province's Ban Nội chính (role monitor: it sees the province body's tasks, ~3,000). A "day of changes": 10 % of the
province's tasks change (progress or status) and as many progress updates are posted; the sync then asks for tasks
and updates changed since the previous sync, following next_cursor pages of 100.
Targets (issue 19): page p95 < 100 ms; incremental sync < 5 s. Results: bench/results/<date>-api-<db>.md.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, func, insert, select, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.tasks_bench import fresh_database, generate  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.core.timeutil import utcnow  # noqa: E402
from tracker.extensions import db  # noqa: E402

TARGET_PAGE_P95_MS, TARGET_SYNC_S = 100, 5


def _pages(client, headers, url: str) -> tuple[int, int, list[float]]:
    """Follow next_cursor from `url`; (items, pages, per-page ms)."""
    items, pages, times, cursor = 0, 0, [], None
    while True:
        started = time.perf_counter()
        response = client.get(url + (f"&cursor={cursor}" if cursor else ""), headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.get_json()
        items, pages, cursor = items + len(body["items"]), pages + 1, body["next_cursor"]
        if not cursor:
            return items, pages, times


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return round(values[max(0, int(len(values) * 0.95) - 1)], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'api_bench.db'}")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--per-commune", type=int, default=30)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--changed", type=float, default=0.10, help="share of the province's tasks changed in a day")
    args = parser.parse_args()
    fresh_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench", "TESTING": True,
                      "API_RATE_LIMIT": "100000 per minute"})
    from tracker.api import services
    from tracker.plans.models import Assignment, Task
    from tracker.tasks.models import TaskUpdate
    from tracker.units.models import Unit, UnitClosure

    with app.app_context():
        from tracker.demo import load_demo

        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
        started = time.perf_counter()
        targets = generate(args.provinces, args.communes, args.per_commune)
        generated_s = time.perf_counter() - started
        board = db.session.get(Unit, targets["province_board"])
        province_id = board.parent_id
        _, token = services.create_client(actor=None, name="Hệ thống báo cáo tỉnh (đo tải)", unit=board,
                                          role="monitor", scopes=["read"])
        # Everything generated is two days old: the partner's previous full sync saw it.
        db.session.execute(update(Task).values(updated_at=utcnow() - timedelta(days=2)))
        db.session.commit()
        total = db.session.scalar(select(func.count(Task.id)))
        in_province = select(Assignment.task_id).join(UnitClosure, UnitClosure.descendant_id == Assignment.unit_id) \
            .where(UnitClosure.ancestor_id == province_id)
        province_tasks = sorted(set(db.session.scalars(in_province)))
        engine = db.engine
    headers = {"Authorization": f"Bearer {token}"}
    client = app.test_client()
    first_page = f"/api/v1/tasks?unit_id={province_id}&limit=100"
    assert client.get(first_page, headers=headers).status_code == 200
    statements: list[str] = []
    listener = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(first_page, headers=headers)
    event.remove(engine, "before_cursor_execute", listener)
    times, cpu = [], []
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(first_page, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # pages deep in the province's list (the keyset cursor costs the same at any depth)
    full_items, full_pages, page_times = _pages(client, headers, first_page)
    full_s = sum(page_times) / 1000

    # A day of changes in the province, then the incremental sync.
    rng = random.Random(19)
    since = utcnow() - timedelta(minutes=1)
    changed = rng.sample(province_tasks, max(1, int(len(province_tasks) * args.changed)))
    with app.app_context():
        now = utcnow()
        for start in range(0, len(changed), 500):
            chunk = changed[start:start + 500]
            db.session.execute(update(Task).where(Task.id.in_(chunk))
                               .values(progress=(Task.progress + 5) % 100, updated_at=now, version=Task.version + 1))
        rows = []
        units = dict(db.session.execute(select(Assignment.task_id, Assignment.unit_id)
                                        .where(Assignment.task_id.in_(changed), Assignment.role != "coordinate")).all())
        for task_id in changed:
            rows.append({"task_id": task_id, "unit_id": units.get(task_id, province_id), "reported_on": date.today(),
                         "note_md": "Cập nhật tiến độ trong ngày (đo tải).", "progress": 50, "created_at": now})
        db.session.execute(insert(TaskUpdate), rows)
        db.session.commit()
    stamp = since.isoformat() + "Z"
    started, started_cpu = time.perf_counter(), time.process_time()
    task_items, task_pages, _ = _pages(client, headers, f"/api/v1/tasks?unit_id={province_id}&limit=100"
                                                        f"&updated_since={stamp}")
    update_items, update_pages, _ = _pages(client, headers, f"/api/v1/updates?limit=100&updated_since={stamp}")
    sync_s, sync_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    load = os.getloadavg()[0]

    db_name = make_url(args.database_url).get_backend_name()
    lines = [
        f"## {db_name}: {total:,} tasks, {targets['units']:,} generated units; one province: {len(province_tasks):,} "
        f"tasks (generated in {generated_s:.0f} s)",
        "",
        "| measure | result | target |",
        "|---|---|---|",
        f"| page of 100 tasks of a province (first page), p50 / p95 over {args.runs} | "
        f"{statistics.median(times):.1f} / {_p95(times)} ms wall, {statistics.median(cpu):.1f} / {_p95(cpu)} ms CPU "
        f"of this process; {len(statements)} SQL statements | p95 < {TARGET_PAGE_P95_MS} ms |",
        f"| every page of the province ({full_pages} pages, {full_items:,} tasks): per page p50 / p95 | "
        f"{statistics.median(page_times):.1f} / {_p95(page_times)} ms (whole list {full_s:.2f} s) | — |",
        f"| incremental sync after a day of changes ({len(changed)} tasks changed, {len(changed)} updates posted): "
        f"{task_items} tasks in {task_pages} pages + {update_items} updates in {update_pages} pages | "
        f"{sync_s:.2f} s wall ({sync_cpu:.2f} s CPU) | < {TARGET_SYNC_S} s |",
        "",
        f"Machine: 2 cores shared with other sessions, load average {load:.1f} during the run (wall times include "
        "waiting for a core; CPU is this process's own time, the database's included on SQLite).",
        "",
    ]
    print("\n".join(lines))
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-api-{db_name}.md"
    header = "# API benchmark (bench/api_bench.py)\n\nThrough the Flask stack (test client), bearer token, one process.\n\n"
    existing = out.read_text() if out.exists() else header
    out.write_text(existing + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
