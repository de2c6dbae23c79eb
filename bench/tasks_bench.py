"""Tasks at national scale: bulk-generate >=100,000 tasks down a cascade, time the task pages (p50/p95, queries).

    python bench/tasks_bench.py                          # SQLite under bench/data/
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_tasks python bench/tasks_bench.py

Shape: one central plan task; 34 provinces each with a plan whose 5 tasks implement it; under each province
100 communes each with a plan of 30 tasks implementing the province's tasks (34 x 100 x 30 = 102,000), led,
coordinated or requested by the commune's Văn phòng, Công an, UBND and MTTQ, statuses and dates spread.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, event, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tracker.core.workdays import effective_due
from tracker import create_app  # noqa: E402
from tracker.core.timeutil import today_vn  # noqa: E402
from tracker.core.vntext import expand_abbreviations, fold, name_key  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.plans.models import Assignment, Document, DocumentLink, Task  # noqa: E402
from tracker.units.models import Unit, UnitClosure  # noqa: E402

STATUSES = ["done"] * 30 + ["claimed"] * 10 + ["in_progress"] * 35 + ["not_started"] * 15 + ["paused"] * 5 + \
    ["redo"] * 5


def fresh_database(url: str) -> None:
    """Drop and recreate the target database (a SQLite file or a PostgreSQL database)."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        Path(parsed.database).unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def analyze() -> None:
    """Fresh planner statistics after a bulk load (VACUUM ANALYZE outside a transaction on PostgreSQL)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


class Ids:
    """Explicit ids so closure, link and assignment rows can be built without reading anything back."""

    def __init__(self) -> None:
        self.next = {m: (db.session.scalar(select(func.max(m.id))) or 0) + 1 for m in (Unit, Document, Task)}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] += 1
        return value


def _unit_row(uid: int, parent_id: int, name: str, kind: str, level: str) -> dict:
    keys = {fold(name), fold(expand_abbreviations(name))}
    return {"id": uid, "parent_id": parent_id, "name": name, "kind": kind, "level": level,
            "name_key": name_key(name), "search_text": " | ".join(sorted(keys)), "sort_name": fold(name)[:240]}


def generate(provinces: int, communes: int, per_commune: int, seed: int = 7) -> dict:
    """Bulk-insert units (with closure rows), plans, links, tasks and assignments; returns ids to measure."""
    rng = random.Random(seed)
    today = today_vn()
    ids = Ids()
    root = db.session.scalar(select(Unit).where(Unit.name == "Trung ương"))
    politburo = db.session.scalar(select(Unit).where(Unit.name == "Bộ Chính trị"))
    units, closure, docs, links, tasks, assigns = [], [], [], [], [], []

    def unit(parent_path: list[int], name: str, kind: str, level: str) -> list[int]:
        uid = ids.take(Unit)
        units.append(_unit_row(uid, parent_path[-1], name, kind, level))
        path = parent_path + [uid]
        closure.extend({"ancestor_id": a, "descendant_id": uid, "depth": len(path) - 1 - i}
                       for i, a in enumerate(path))
        return path

    def plan(issuer_id: int, title: str, parent_doc: int | None) -> int:
        did = ids.take(Document)
        docs.append({"id": did, "doc_type": "KH", "issuer_id": issuer_id, "issuer_name": title.split(":")[0],
                     "title": title, "issued_year": today.year, "symbol": "", "is_reference": True,
                     "search_text": fold(title)})
        if parent_doc:
            links.append({"child_id": did, "parent_id": parent_doc, "relation": "implements"})
        return did

    def task(document_id: int, position: int, implements: int | None, roles: list[tuple[int, str]],
             tid: int | None = None) -> int:
        tid = tid or ids.take(Task)
        status = rng.choice(STATUSES)
        due = today + timedelta(days=rng.randint(-60, 120))
        claimed = due + timedelta(days=rng.randint(-20, 10)) if status in ("done", "claimed") else None
        tasks.append({"id": tid, "document_id": document_id, "implements_task_id": implements, "position": position,
                      "text": f"Nhiệm vụ {position} của kế hoạch {document_id}", "scope": "unit", "status": status,
                      "progress": 100 if claimed else rng.randint(0, 90), "due_on": due,
                      "effective_due_on": effective_due(due), "claimed_on": claimed,
                      "confirmed_on": claimed if status == "done" else None, "version": 1})
        assigns.extend({"task_id": tid, "unit_id": u, "role": r} for u, r in roles)
        return tid

    central = plan(politburo.id, "Bộ Chính trị: kế hoạch đo tải", None)
    upper = ids.take(Task)
    province_ubnds: list[int] = []
    targets: dict = {"upper_task": upper}
    for p in range(provinces):
        locality = unit([root.id], f"Tỉnh Đo Tải {p}", "locality", "province")
        board = unit(locality, f"Ban Nội chính Tỉnh ủy Đo Tải {p}", "party_board", "province")
        ubnd = unit(locality, f"Ủy ban nhân dân tỉnh Đo Tải {p}", "people_committee", "province")
        province_ubnds.append(ubnd[-1])
        targets.setdefault("province_board", board[-1])
        pdoc = plan(ubnd[-1], f"UBND tỉnh Đo Tải {p}: kế hoạch thực hiện", central)
        ptasks = [task(pdoc, i + 1, upper, [(ubnd[-1], "lead")]) for i in range(5)]
        targets.setdefault("province_task", ptasks[0])
        for c in range(communes):
            commune = unit(locality, f"Xã Đo Tải {p}-{c}", "locality", "commune")
            cubnd = unit(commune, f"Ủy ban nhân dân xã Đo Tải {p}-{c}", "people_committee", "commune")
            office = unit(cubnd, "Văn phòng HĐND và UBND xã", "agency", "commune")
            police = unit(commune, f"Công an xã Đo Tải {p}-{c}", "police", "commune")
            front = unit(commune, f"Ủy ban MTTQ xã Đo Tải {p}-{c}", "front", "commune")
            targets.setdefault("police", police[-1])
            cdoc = plan(cubnd[-1], f"UBND xã Đo Tải {p}-{c}: kế hoạch thực hiện", pdoc)
            for i in range(per_commune):
                kind = i % 6
                roles = ([(office[-1], "lead"), (police[-1], "coordinate")] if kind in (0, 1) else
                         [(police[-1], "lead")] if kind in (2, 3) else
                         [(cubnd[-1], "lead"), (police[-1], "coordinate")] if kind == 4 else [(front[-1], "request")])
                task(cdoc, i + 1, ptasks[i % 5], roles)
    task(central, 1, None, [(u, "lead") for u in province_ubnds], tid=upper)
    started = time.perf_counter()
    for model, rows in ((Unit, units), (UnitClosure, closure), (Document, docs), (DocumentLink, links),
                        (Task, sorted(tasks, key=lambda r: r["id"])), (Assignment, assigns)):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model), rows[start:start + 5000])
    if db.engine.dialect.name == "postgresql":
        for table in ("unit", "document", "task", "assignment", "document_link"):
            db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))"))
    db.session.commit()
    analyze()
    return {**targets, "units": len(units), "tasks": len(tasks), "assignments": len(assigns),
            "insert_seconds": round(time.perf_counter() - started, 1)}


def make_users(targets: dict) -> None:
    """A police member of one commune and the monitor of one province."""
    from tracker.auth.services import create_user

    for username, role, unit_id in (("bench.police", "member", targets["police"]),
                                    ("bench.monitor", "monitor", targets["province_board"])):
        create_user(actor=None, username=username, full_name=username, password="matkhau-bench", role=role,
                    unit=db.session.get(Unit, unit_id))
    db.session.commit()


def measure(app, engine, username: str, password: str, url: str, runs: int) -> dict:
    """p50/p95 wall time of GET url (through the whole Flask stack) and its SQL statement count."""
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, f"login failed for {username}"
    assert client.get(url).status_code == 200, url
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    client.get(url)
    event.remove(engine, "before_cursor_execute", listener)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"url": url, "queries": len(statements), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'tasks_bench.db'}")
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--per-commune", type=int, default=30)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="measure the data generated by the last run")
    args = parser.parse_args()
    saved = ROOT / "bench" / "data" / f"tasks_targets_{make_url(args.database_url).get_backend_name()}.json"
    if not args.reuse:
        fresh_database(args.database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "SECRET_KEY": "bench", "TESTING": True,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        from tracker.demo import load_demo

        if args.reuse:
            targets = json.loads(saved.read_text())
        else:
            upgrade(directory=str(ROOT / "migrations"))
            load_demo()
            db.session.commit()
            targets = generate(args.provinces, args.communes, args.per_commune)
            make_users(targets)
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.write_text(json.dumps(targets))
        total = db.session.scalar(select(func.count(Task.id)))
        print(f"database: {db.engine.dialect.name}; tasks: {total}; generated units: {targets['units']}; "
              f"assignments: {targets['assignments']}; bulk insert: {targets['insert_seconds']} s")
        engine = db.engine
    # Each request pushes its own app context (an outer one would share flask.g between users).
    police, monitor = ("bench.police", "matkhau-bench"), ("bench.monitor", "matkhau-bench")
    pages = [("unit task list (commune police)", police, "/tasks/"),
             ("unit task list, filtered overdue", police, "/tasks/?state=overdue"),
             ("monitor subtree view (one province)", monitor, "/tasks/monitor"),
             ("roll-up of a province task", monitor, f"/tasks/{targets['province_task']}/rollup"),
             ("roll-up of the central task (all)", ("admin", "matkhau-demo"), f"/tasks/{targets['upper_task']}/rollup")]
    rows = [(label, measure(app, engine, *who, url, args.runs)) for label, who, url in pages]
    for label, result in rows:
        print(f"{label:40s} p50 {result['p50_ms']:8.1f} ms  p95 {result['p95_ms']:8.1f} ms  "
              f"queries {result['queries']:3d}  {result['url']}")


if __name__ == "__main__":
    main()
