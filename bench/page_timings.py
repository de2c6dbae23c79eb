"""Time pages in process (no HTTP, no profiler) as a bench user: median and p95 of repeated requests, the SQL
statements of one request, and optionally each page's HTML (CSRF tokens blanked) to compare before and after.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench PGOPTIONS="-c default_transaction_read_only=on" \
        python bench/page_timings.py --user bench.monitor /tasks/30 /tasks/plan/14 --html-dir /tmp/before
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
CSRF = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+|(<meta name="csrf-token" content=")[^"]+')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    parser.add_argument("--user", default="bench.monitor")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--html-dir", type=Path, help="write each page's HTML here, CSRF tokens blanked")
    parser.add_argument("--statements", action="store_true", help="print the statements of one request")
    args = parser.parse_args()
    from profile_pages import logged_in, warmed_statements

    client, engine = logged_in(args.database_url, args.user)
    for path in args.paths:
        response, statements = warmed_statements(client, engine, path, warmups=3)
        if args.html_dir:
            args.html_dir.mkdir(parents=True, exist_ok=True)
            html = CSRF.sub(lambda m: (m.group(1) or m.group(2)) + "-", response.get_data(as_text=True))
            (args.html_dir / (re.sub(r"\W+", "_", path).strip("_") + ".html")).write_text(html)
        times = []
        for _ in range(args.runs):
            begin = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - begin) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"{path} as {args.user}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
              f"{len(statements)} statements", flush=True)
        if args.statements:
            for number, statement in enumerate(statements, 1):
                print(f"--- {number}\n{statement}")


if __name__ == "__main__":
    main()
