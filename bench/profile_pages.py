"""Profile pages in-process with pyinstrument (no HTTP): where a request's time goes beyond its SQL.

    python bench/profile_pages.py --user bench.monitor /tasks/monitor /tasks/       # bench/data/national.db
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/profile_pages.py ...

Each path is requested `--runs` times after two warm-ups; the text profile goes to stdout, with the mean time
and the SQL statements of one request. SHOW_ALL=1 shows the library frames pyinstrument hides by default
(where a template's time goes inside WTForms or Jinja).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "matkhau-bench"


def logged_in(database_url: str, user: str):
    """(a test client of the app on `database_url` logged in as `user`, the app's engine); bench/page_timings.py
    uses it too."""
    import re

    from tracker import create_app
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": user, "password": PASSWORD, "csrf_token": token})
    with app.app_context():
        return client, db.engine


def warmed_statements(client, engine, path: str, warmups: int):  # noqa: ANN001
    """Request `path` `warmups` times (each must answer 200), then once more: (that response, its SQL)."""
    from sqlalchemy import event

    for _ in range(warmups):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    statements: list[str] = []

    def listen(conn, cursor, statement, *rest):  # noqa: ANN001
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", listen)
    response = client.get(path)
    event.remove(engine, "before_cursor_execute", listen)
    return response, statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    parser.add_argument("--user", default="bench.monitor")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--html", help="also write an HTML profile to this file")
    args = parser.parse_args()
    from pyinstrument import Profiler

    client, engine = logged_in(args.database_url, args.user)
    for path in args.paths:
        _, statements = warmed_statements(client, engine, path, warmups=2)
        profiler = Profiler(interval=0.0005)
        begin = time.perf_counter()
        profiler.start()
        for _ in range(args.runs):
            client.get(path)
        profiler.stop()
        mean = (time.perf_counter() - begin) * 1000 / args.runs
        print(f"=== {path} as {args.user}: {mean:.1f} ms per request (profiled), {len(statements)} statements")
        print(profiler.output_text(unicode=True, color=False, show_all=bool(os.environ.get("SHOW_ALL"))))
        if args.html:
            Path(args.html).write_text(profiler.output_html())


if __name__ == "__main__":
    main()
