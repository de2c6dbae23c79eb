"""Benchmark: subtree queries on a ~100,000-unit tree (closure table), on SQLite or PostgreSQL (DATABASE_URL).

Builds central → 34 provinces → ~100 communes each → ~29 units per commune with bulk inserts that respect every
constraint, then times the reads every scoped page depends on. Usage:
    DATABASE_URL=... .venv/bin/python bench/units_bench.py [--provinces 34] [--communes 98] [--units 28]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from tracker import create_app  # noqa: E402
from tracker.core.vntext import fold, name_key  # noqa: E402
from tracker.extensions import db  # noqa: E402
from tracker.units import queries  # noqa: E402
from tracker.units.models import Unit, UnitClosure  # noqa: E402


def build(provinces: int, communes: int, units: int) -> int:
    rows, closure = [], []
    next_id = 1

    def add(name: str, parent: int | None, kind: str, level: str, ancestors: list[int]) -> int:
        nonlocal next_id
        uid = next_id
        next_id += 1
        rows.append({"id": uid, "parent_id": parent, "name": name, "kind": kind, "level": level,
                     "name_key": name_key(name), "search_text": fold(name), "sort_name": fold(name)})
        closure.append({"ancestor_id": uid, "descendant_id": uid, "depth": 0})
        for depth, anc in enumerate(reversed(ancestors), start=1):
            closure.append({"ancestor_id": anc, "descendant_id": uid, "depth": depth})
        return uid

    root = add("Trung ương", None, "locality", "central", [])
    for p in range(provinces):
        prov = add(f"Tỉnh số {p}", root, "locality", "province", [root])
        for c in range(communes):
            com = add(f"Xã {c} tỉnh {p}", prov, "locality", "commune", [root, prov])
            for u in range(units):
                add(f"Đơn vị {u} xã {c} tỉnh {p}", com, "agency", "commune", [root, prov, com])
    for chunk in range(0, len(rows), 5000):
        db.session.execute(insert(Unit), rows[chunk:chunk + 5000])
    for chunk in range(0, len(closure), 20000):
        db.session.execute(insert(UnitClosure), closure[chunk:chunk + 20000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return len(rows)


def timed(fn, n: int = 50) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=98)
    parser.add_argument("--units", type=int, default=29)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        start = time.perf_counter()
        total = build(args.provinces, args.communes, args.units)
        print(f"{db.engine.dialect.name}: built {total:,} units in {time.perf_counter() - start:.1f} s")
        province = db.session.scalar(select(Unit.id).where(Unit.name == "Tỉnh số 7"))
        leaf = db.session.scalar(select(Unit.id).where(Unit.name == "Đơn vị 3 xã 50 tỉnh 7"))
        cases = {
            "count units below a province": lambda: db.session.scalar(
                select(func.count()).select_from(queries.subtree_ids(province).subquery())),
            "units of a province (ids, IN subquery)": lambda: db.session.scalars(
                select(Unit.id).where(Unit.id.in_(queries.subtree_ids(province)))).all(),
            "is_within(leaf, province)": lambda: queries.is_within(leaf, province),
            "body_id_of(leaf)": lambda: queries.body_id_of(leaf),
            "ancestors(leaf)": lambda: queries.ancestors(leaf),
            "search 'don vi 3 xa 50' (100k rows)": lambda: db.session.scalars(
                queries.search_units("don vi 3 xa 50", limit=50)).all(),
        }
        print(f"| query | p50 ms | p95 ms |\n|---|---|---|")
        for label, fn in cases.items():
            p50, p95 = timed(fn)
            print(f"| {label} | {p50:.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
