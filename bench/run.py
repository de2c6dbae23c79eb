"""Every key page over real HTTP under gunicorn (2 workers), against the national data set of bench/generate.py:
p50/p95 of ≥30 requests after a warm-up, SQL statements per request, the SQL floor (the same statements replayed
directly on the database), the ratio page/floor, and the largest worker RSS.

    make bench                                                  # scale 0.01 on SQLite, a few minutes
    python bench/run.py --scale 0.01                            # generate, then measure (SQLite)
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/run.py --scale 1   # full scale
    python bench/run.py --reuse                                 # measure the data generated last time

Results go to bench/results/<date>-<db>.md, one section per scale (a new run replaces its scale's section).
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEEDS = sorted((ROOT / "tests" / "plans" / "seeds").glob("*.txt"))
PASSWORD = "matkhau-bench"
TARGET_P95_MS, TARGET_RATIO = 300, 3.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A cookie-keeping HTTP client logged in as one user."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = self.token("/login")
        status, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD, "csrf_token": token})
        if status != 200 or "Đăng xuất" not in self.request("GET", "/")[1]:
            raise SystemExit(f"login failed for {username}")

    def token(self, path: str) -> str:
        page = self.request("GET", path)[1]
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def request(self, method: str, path: str, data: dict | None = None, files: dict | None = None):
        body, headers = None, {}
        if files:
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                     for k, v in (data or {}).items()]
            for name, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
                             f'\r\nContent-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.base + path, data=body, headers=headers, method=method)
        try:
            with self.opener.open(req, timeout=120) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw, status = error.read(), error.code
        kind = "text" if raw[:2] != b"PK" else "bytes"
        return status, raw.decode("utf-8", "replace") if kind == "text" else raw


def worker_rss_mb(master: int) -> float:
    """The largest VmRSS among the gunicorn master's children, in MB."""
    best = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            best = max(best, int(fields["VmRSS"].split()[0]) / 1024)
    return best


def percentile(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, round(q * len(times)) - 1))]


def pages(targets: dict, report_id: int, directive: int) -> list[tuple]:
    """(label, user, method, path, data, files): the pages issue 8 names."""
    rows = [
        ("Monitor dashboard, central", "bench.central", "GET", "/duties/", None, None),
        ("Monitor dashboard, province", "bench.monitor", "GET", "/duties/", None, None),
        ("Unit task list (commune police)", "bench.police", "GET", "/tasks/", None, None),
        ("Plan page (province plan)", "bench.monitor", "GET", f"/documents/{targets['province_plan']}", None, None),
        ("Task roll-up (province task)", "bench.monitor", "GET", f"/tasks/{targets['province_task']}/rollup", None,
         None),
        ("Task roll-up (central task, national)", "bench.central", "GET", f"/tasks/{targets['central_task']}/rollup",
         None, None),
        ("Cascade of the directive 107-KL/TW", "bench.central", "GET", f"/documents/{directive}/cascade", None, None),
        ("Report compilation (province)", "bench.office", "POST", f"/reports/{report_id}/recompile", {}, None),
        ("Report .docx export (province)", "bench.office", "GET", f"/reports/{report_id}/docx", None, None),
        ("Monitor view (province)", "bench.monitor", "GET", "/tasks/monitor", None, None),
        ("Monitor view (national)", "bench.central", "GET", "/tasks/monitor", None, None),
        ("Task detail (province task)", "bench.monitor", "GET", f"/tasks/{targets['province_task']}", None, None),
        ("Unit task list .xlsx (commune police)", "bench.police", "GET", "/tasks/export.xlsx", None, None),
        ("Monitor view, text filter (province)", "bench.monitor", "GET", "/tasks/monitor?q=tiep+cong+dan", None,
         None),
        # Search at three selectivities: a document number, a common phrase, a rare word; national scope.
        ("Search: a number (national)", "bench.central", "GET", "/search/?q=107-KL%2FTW", None, None),
        ("Search: common words (national)", "bench.central", "GET", "/search/?q=khieu+nai+to+cao", None, None),
        ("Search: common words (province)", "bench.monitor", "GET", "/search/?q=khieu+nai+to+cao", None, None),
        ("Search: rare word (national)", "bench.central", "GET", "/search/?q=diem+nong", None, None),
    ]
    for seed in SEEDS:
        rows.append((f"Import seed {seed.name[:3]} (upload → review)", "bench.office", "POST", "/documents/import/",
                     {}, {"file": (seed.name, seed.read_bytes())}))
    return rows


def prepare(database_url: str, targets: dict) -> tuple[int, int]:
    """Compile the province's report once (the page then measures recompiling it); the directive's id."""
    from sqlalchemy import select

    from tracker import create_app
    from tracker.duties.models import ExpectedSubmission, ReportingDuty
    from tracker.extensions import db
    from tracker.plans.models import Document
    from tracker.reports.models import Report
    from tracker.reports.services import compile_report

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        today = date.fromisoformat(targets["today"])
        expected = db.session.scalar(select(ExpectedSubmission).join(ReportingDuty).where(
            ReportingDuty.document_id == targets["central_plan"],
            ExpectedSubmission.unit_id == targets["province_ubnd"],
            ExpectedSubmission.start_on <= today, ExpectedSubmission.end_on >= today))
        report = db.session.scalar(select(Report).where(Report.expected_id == expected.id))
        if report is None:
            report = compile_report(actor=None, expected=expected, today=today)
            report.assessment_md = report.direction_md = report.proposals_md = "Nội dung đo tải."
            db.session.commit()
        directive = db.session.scalar(select(Document.id).where(Document.number_text == "107-KL/TW"))
        # The generator writes with bulk inserts, which the search index does not see: build it once.
        from tracker.search.indexer import reindex_all
        from tracker.search.models import SearchEntry

        from sqlalchemy import func

        from tracker.plans.models import Task

        indexed = db.session.scalar(select(func.count(SearchEntry.id)).where(SearchEntry.kind == "task"))
        if indexed < db.session.scalar(select(func.count(Task.id))):
            started = time.perf_counter()
            count = reindex_all()
            db.session.commit()
            print(f"search index: {count} entries in {time.perf_counter() - started:.1f} s", flush=True)
        return report.id, directive


def in_process(database_url: str, rows: list[tuple], runs: int) -> dict:
    """Per page: SQL statements of one request through the Flask stack, and the floor: those SELECTs replayed
    directly on the database connection (p50 of `runs`)."""
    from sqlalchemy import event

    from tracker import create_app
    from tracker.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    clients: dict = {}
    result = {}
    with app.app_context():
        engine = db.engine
    for label, user, method, path, data, files in rows:
        if user not in clients:
            client = app.test_client()
            client.post("/login", data={"username": user, "password": PASSWORD})
            clients[user] = client
        client = clients[user]

        def call():
            payload = dict(data or {})
            for name, (filename, content) in (files or {}).items():
                import io
                payload[name] = (io.BytesIO(content), filename)
            return client.open(path, method=method, data=payload or None,
                               content_type="multipart/form-data" if files else None)
        call()
        captured: list[tuple] = []

        def listen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
            captured.append((statement, parameters))
        event.listen(engine, "before_cursor_execute", listen)
        call()
        event.remove(engine, "before_cursor_execute", listen)
        selects = [(s, p) for s, p in captured if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        times = []
        raw = engine.raw_connection()
        # psycopg prepares a statement run five times on one connection, and PostgreSQL may then switch to a
        # generic plan: the app never repeats a statement that often on a connection, so neither does the floor.
        options = {"prepare": False} if engine.dialect.name == "postgresql" else {}
        try:
            for _ in range(runs):
                cursor = raw.cursor()
                begin = time.perf_counter()
                for statement, parameters in selects:
                    cursor.execute(statement, parameters, **options)
                    cursor.fetchall()
                times.append((time.perf_counter() - begin) * 1000)
                cursor.close()
            raw.rollback()
        finally:
            raw.close()
        result[label] = {"queries": len(captured), "floor_ms": statistics.median(times)}
    return result


def measure_http(base: str, rows: list[tuple], runs: int, master: int) -> tuple[dict, float]:
    browsers: dict = {}
    result, rss = {}, 0.0
    for label, user, method, path, data, files in rows:
        browser = browsers.setdefault(user, Browser(base, user))
        payload = dict(data) if data is not None else None
        if method == "POST":
            payload = {**(payload or {}), "csrf_token": browser.token("/reports/" if "reports" in path
                                                                       else "/documents/import/")}
        for _ in range(3):
            status, _ = browser.request(method, path, payload, files)
        if status not in (200, 302):
            raise SystemExit(f"{label}: HTTP {status} for {path}")
        times = []
        for _ in range(runs):
            begin = time.perf_counter()
            browser.request(method, path, payload, files)
            times.append((time.perf_counter() - begin) * 1000)
        rss = max(rss, worker_rss_mb(master))
        result[label] = {"p50": statistics.median(times), "p95": percentile(times, 0.95)}
        print(f"  {label:45s} p50 {result[label]['p50']:8.1f} ms  p95 {result[label]['p95']:8.1f} ms", flush=True)
    return result, rss


def write_results(dialect: str, scale: float, targets: dict, table: str, rss: float) -> Path:
    path = ROOT / "bench" / "results" / f"{date.today().isoformat()}-{dialect}.md"
    counts = targets["counts"]
    section = (f"## scale {scale}\n\n{targets['units']:,} units, {counts['task']:,} tasks, {counts['assignment']:,} "
               f"assignments, {counts['task_update']:,} updates, {counts['expected_submission']:,} expected reports. "
               f"gunicorn 2 workers, HTTP over loopback, largest worker RSS {rss:.0f} MB.\n\n{table}\n")
    text = path.read_text() if path.exists() else (
        f"# National benchmark on {dialect} — {date.today().isoformat()}\n\n`bench/run.py`; p50/p95 over real HTTP; "
        "queries = SQL statements per request; floor = p50 of those SELECTs replayed directly on the database; "
        f"targets p95 ≤ {TARGET_P95_MS} ms (⚠p95) and ratio ≤ {TARGET_RATIO:g} (⚠×). Where the floor is a few "
        "milliseconds the ratio measures the fixed cost of a request (session, user, CSRF, template, HTTP), shown "
        "as p50 − floor.\n\n")
    text = re.sub(rf"## scale {re.escape(str(scale))}\n.*?(?=\n## scale |\Z)", "", text, flags=re.S).rstrip() + "\n\n"
    path.write_text(text + section)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--reuse", action="store_true", help="measure the data set generated last time")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from sqlalchemy.engine import make_url

    dialect = make_url(args.database_url).get_backend_name()
    env = {**os.environ, "DATABASE_URL": args.database_url}
    if not args.reuse:
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(args.scale)], env=env,
                       check=True)
    targets = json.loads((ROOT / "bench" / "data" / f"national-{dialect}.json").read_text())
    report_id, directive = prepare(args.database_url, targets)
    rows = pages(targets, report_id, directive)
    print("in-process: statements per request and SQL floors …", flush=True)
    floors = in_process(args.database_url, rows, args.runs)
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--timeout", "300", "--log-level", "warning", "app:app"], cwd=ROOT,
                              env={**env, "SECRET_KEY": "bench-secret"})
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"gunicorn on {base} ({dialect}, scale {targets['scale']}):", flush=True)
        http, rss = measure_http(base, rows, args.runs, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = ["| page | p50 ms | p95 ms | queries/request | floor ms | p50 − floor ms | ratio p50/floor |",
             "|---|---|---|---|---|---|---|"]
    for label, *_ in rows:
        h, f = http[label], floors[label]
        ratio = h["p50"] / f["floor_ms"] if f["floor_ms"] > 0 else float("inf")
        flags = (" ⚠p95" if h["p95"] > TARGET_P95_MS else "") + (" ⚠×" if ratio > TARGET_RATIO else "")
        lines.append(f"| {label}{flags} | {h['p50']:.1f} | {h['p95']:.1f} | {f['queries']} | {f['floor_ms']:.1f} | "
                     f"{h['p50'] - f['floor_ms']:.1f} | {ratio:.1f} |")
    table = "\n".join(lines)
    print(table)
    print(f"largest gunicorn worker RSS: {rss:.0f} MB")
    print(f"written to {write_results(dialect, targets['scale'], targets, table, rss)}")


if __name__ == "__main__":
    main()
