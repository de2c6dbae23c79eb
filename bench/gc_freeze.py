"""What the garbage collector costs a page, in-process: each path timed `--runs` times in a fresh process with the
collector as it comes, then in another with what was loaded at start frozen (gc.freeze(), as app.py does).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/gc_freeze.py \\
        --user bench.monitor /tasks/monitor/export.xlsx /tasks/monitor

A full collection walks every tracked object of the process; a request that builds a few thousand rows sets one
off every few requests. The times of each run are printed in order, so the pauses show as outliers.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(database_url: str, user: str, paths: list[str], runs: int, freeze: bool) -> dict:  # in the child
    import gc
    import re
    import time

    sys.path.insert(0, str(ROOT))
    from tracker import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    if freeze:
        gc.collect()
        gc.freeze()
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": user, "password": "matkhau-bench", "csrf_token": token})
    result = {"frozen": gc.get_freeze_count()}
    for path in paths:
        for _ in range(3):
            client.get(path)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            times.append(round((time.perf_counter() - start) * 1000, 1))
        result[path] = times
    result["tracked"] = len(gc.get_objects())
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--user", default="bench.monitor")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{ROOT}/bench/data/national.db"))
    parser.add_argument("--child", choices=("plain", "frozen"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(args.database_url, args.user, args.paths, args.runs, args.child == "frozen")))
        return
    for mode in ("plain", "frozen"):
        out = subprocess.run([sys.executable, __file__, "--child", mode, "--user", args.user, "--runs", str(args.runs),
                              "--database-url", args.database_url, *args.paths], capture_output=True, text=True,
                             check=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        print(f"{mode}: {result['frozen']:,} objects frozen, {result['tracked']:,} tracked after the runs")
        for path in args.paths:
            times = result[path]
            ordered = sorted(times)
            print(f"  {path}: median {ordered[len(ordered) // 2]} ms, p95 {ordered[int(0.95 * (len(ordered) - 1))]}"
                  f" ms, max {ordered[-1]} ms; in order {times}")


if __name__ == "__main__":
    main()
