"""Benchmark: import each seed plan (read, parse, match units, save) against the demo data; median per document.

    .venv/bin/python bench/import_bench.py [--runs 15]      (DATABASE_URL selects PostgreSQL)
Each run saves inside a transaction that is rolled back, so every run sees the same database.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.core.textio import read_plan_bytes  # noqa: E402
from tracker.demo import load_demo  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.plans import review  # noqa: E402
from tracker.plans.importing import save_reviewed_plan  # noqa: E402
from tracker.plans.parser import parse_plan  # noqa: E402
from tracker.units.models import User  # noqa: E402

SEEDS = sorted((ROOT / "tests" / "plans" / "seeds").glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(ROOT / "migrations"))
        load_demo()
        db.session.commit()
        user = db.session.scalar(select(User).where(User.username == "vanphong.vikhe"))
        print(f"{db.engine.dialect.name}, {args.runs} runs per seed\n")
        print("| seed | parse p50 ms | full import p50 ms | full import p95 ms | tasks |\n|---|---|---|---|---|")
        medians = []
        for seed in SEEDS:
            data = seed.read_bytes()
            parse_t, full_t, tasks = [], [], 0
            for _ in range(args.runs + 1):
                start = time.perf_counter()
                lines = read_plan_bytes(data, seed.name)
                parse_plan("\n".join(lines))
                parse_t.append(time.perf_counter() - start)
                start = time.perf_counter()
                nested = db.session.begin_nested()
                view = review.view_from_text("\n".join(read_plan_bytes(data, seed.name)), user, seed.name)
                plan = review.reviewed_from_view(view, user)
                save_reviewed_plan(actor=user, plan=plan)
                nested.rollback()
                full_t.append(time.perf_counter() - start)
                tasks = len(plan.tasks)
            parse_t, full_t = sorted(parse_t[1:]), sorted(full_t[1:])
            medians.append(statistics.median(full_t))
            print(f"| {seed.name[:3]} | {statistics.median(parse_t) * 1000:.1f} | {statistics.median(full_t) * 1000:.1f}"
                  f" | {full_t[int(len(full_t) * 0.95) - 1] * 1000:.1f} | {tasks} |")
        print(f"\nmedian full import over the seeds: {statistics.median(medians) * 1000:.1f} ms")
        db.session.rollback()


if __name__ == "__main__":
    main()
