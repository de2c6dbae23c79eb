"""Benchmark: the monitor dashboard for one duty owed by 3,400 units over 8 quarters (27,200 expected rows).

Run: `python bench/duties_bench.py [--units 3400] [--requests 30]` (SQLite in a temp dir, or DATABASE_URL).
Prints p50/p95 of the dashboard page, a filtered page, the .xlsx export and their SQL query counts.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, insert, select, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import database_url, login, make_app, migrate_and_seed  # noqa: E402
from tracker.core.vntext import fold, name_key  # noqa: E402
from tracker.duties import services  # noqa: E402
from tracker.duties.models import ExpectedSubmission  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.plans.models import Document  # noqa: E402
from tracker.units.models import Unit, UnitClosure  # noqa: E402


def _bulk_units(parent: Unit, count: int, per_group: int = 100) -> list[int]:
    """`count` committees in groups of `per_group` under province-like localities below `parent`."""
    parent_chain = list(db.session.scalars(select(UnitClosure.ancestor_id).where(
        UnitClosure.descendant_id == parent.id)))
    ids: list[int] = []
    for g in range(-(-count // per_group)):
        name = f"Tỉnh thử nghiệm {g + 1:03d}"
        group_id = db.session.execute(insert(Unit).values(
            parent_id=parent.id, name=name, kind="locality", level="province", name_key=name_key(name),
            search_text=fold(name), sort_name=fold(name)).returning(Unit.id)).scalar()
        db.session.execute(insert(UnitClosure), [dict(ancestor_id=a, descendant_id=group_id, depth=d + 1)
                                                 for d, a in enumerate(reversed(parent_chain))]
                           + [dict(ancestor_id=group_id, descendant_id=group_id, depth=0)])
        for i in range(min(per_group, count - len(ids))):
            unit_name = f"Đảng ủy xã thử nghiệm {g + 1:03d}-{i + 1:03d}"
            uid = db.session.execute(insert(Unit).values(
                parent_id=group_id, name=unit_name, kind="party_committee", level="commune",
                name_key=name_key(unit_name), search_text=fold(unit_name), sort_name=fold(unit_name))
                .returning(Unit.id)).scalar()
            ids.append(uid)
            db.session.execute(insert(UnitClosure), [dict(ancestor_id=uid, descendant_id=uid, depth=0),
                                                     dict(ancestor_id=group_id, descendant_id=uid, depth=1)])
    return ids


def build(app, units: int) -> int:
    """Create the duty and random submissions; returns the duty id."""
    with app.app_context():
        issuer = db.session.scalar(select(Unit).where(Unit.name == "Thành ủy Hà Nội"))
        plan = db.session.scalar(select(Document).where(Document.issuer_id == issuer.id))
        ids = _bulk_units(db.session.scalar(select(Unit).where(Unit.name == "Trung ương")), units)
        owners = list(db.session.scalars(select(Unit).where(Unit.id.in_(ids))))
        duty = services.create_duty(actor=None, document=plan, title="Báo cáo quý (benchmark)", kind="periodic",
                                    schedule="quarter", first_year=2025, last_year=2026, recipient=issuer,
                                    owners_mode="chosen", owners=owners)
        rng = random.Random(7)
        rows = db.session.execute(select(ExpectedSubmission.id, ExpectedSubmission.due_on)
                                  .where(ExpectedSubmission.duty_id == duty.id)).all()
        changes = [dict(eid=i, first=due + timedelta(days=rng.randint(-10, 20)), state="pending")
                   for i, due in rows if rng.random() < 0.7 and due < date(2026, 9, 1)]
        stmt = (update(ExpectedSubmission.__table__).where(ExpectedSubmission.__table__.c.id == db.bindparam("eid"))
                .values(first_submitted_on=db.bindparam("first"), review_state=db.bindparam("state"), versions=1))
        db.session.execute(stmt, changes)
        db.session.commit()
        return duty.id


def measure(app, client, url: str, n: int) -> tuple[float, float, int]:
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    with app.app_context():
        engine = db.engine
    client.get(url)
    times = []
    for _ in range(n):
        counter["n"] = 0
        event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], counter["n"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3400)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    app = make_app(database_url(Path(tempfile.mkdtemp()), "_bench_duties"))
    migrate_and_seed(app)
    start = time.perf_counter()
    duty_id = build(app, args.units)
    print(f"backend {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}; built {args.units} units × 8 periods "
          f"in {time.perf_counter() - start:.1f}s")
    client = app.test_client()
    assert login(client, "noichinh.hanoi").status_code == 302
    for label, url, n in [("dashboard, page 1 (50 units × 8 periods)", f"/duties/?duty={duty_id}", args.requests),
                          ("dashboard, page 40", f"/duties/?duty={duty_id}&page=40", args.requests),
                          ("filter status=missing, Q3/2025", f"/duties/?duty={duty_id}&status=missing&period=2025-Q3",
                           args.requests),
                          ("all duties (3,405 units)", "/duties/", args.requests),
                          (".xlsx export, all 3,400 rows", f"/duties/export.xlsx?duty={duty_id}", 3)]:
        p50, p95, queries = measure(app, client, url, n)
        print(f"{label:<45} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries} SQL queries")
    from tracker.duties.jobs import send_due_reminders

    for attempt in ("first", "repeat"):
        with app.app_context():
            start = time.perf_counter()
            result = send_due_reminders(today=date(2026, 9, 21))
            db.session.commit()
            print(f"reminder sweep ({attempt}) {(time.perf_counter() - start):6.1f} s: {result.reminders} reminders, "
                  f"{result.notifications} notifications, {result.digests} digests")


if __name__ == "__main__":
    main()
