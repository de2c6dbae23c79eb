"""Every key page over real HTTP under gunicorn (2 workers), against the national data set of bench/generate.py:
p50/p95 of ≥30 requests after a warm-up with one client, then p50/p95 and requests/s with 8 concurrent clients
(read-only pages), SQL statements per request, the SQL floor (the same statements replayed directly on the
database), the page's allowance max(3 × floor, floor + 30 ms), and the largest worker RSS. The machine's load
average is written beside the figures (the machine may be shared: compare pages within one run).

    make bench                                                  # scale 0.01 on SQLite, a few minutes
    python bench/run.py --scale 0.01                            # generate, then measure (SQLite)
    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/run.py --scale 1   # full scale
    python bench/run.py --reuse                                 # measure the data generated last time
    python bench/run.py --reuse --only 'Monitor|Search'         # only the pages whose label matches

Results go to bench/results/<date>-<db>.md, one section per scale (a new run replaces its scale's section).
"""
from __future__ import annotations

import argparse
import http.client
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
TARGET_P95_MS, TARGET_RATIO, TARGET_OVER_FLOOR_MS = 300, 3.0, 30.0
CLIENTS = 8
STATEMENT_TIMEOUT_MS = 60_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


API_USER = "api.partner"  # pages() rows of the JSON API: requested with API_TOKEN, not a login
API_TOKEN: dict = {}  # {"token": …}, set by prepare()


class Browser:
    """A cookie-keeping HTTP client logged in as one user (or, for API_USER, sending the partner's bearer token)."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.headers = {}
        if username == API_USER:
            self.headers = {"Authorization": f"Bearer {API_TOKEN['token']}"}
            return
        token = self.token("/login")
        status, _ = self.request("POST", "/login", {"username": username, "password": PASSWORD, "csrf_token": token})
        if status != 200 or "Đăng xuất" not in self.request("GET", "/")[1]:
            raise SystemExit(f"login failed for {username}")

    def token(self, path: str) -> str:
        page = self.request("GET", path)[1]
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def request(self, method: str, path: str, data: dict | None = None, files: dict | None = None):
        body, headers = None, dict(self.headers)
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
        for attempt in range(2):
            try:
                with self.opener.open(req, timeout=120) as response:
                    raw = response.read()
                    status = response.status
                break
            except urllib.error.HTTPError as error:
                raw, status = error.read(), error.code
                break
            except (http.client.RemoteDisconnected, ConnectionError) as error:  # a worker died: gunicorn restarts it
                print(f"  {method} {path}: {error!r}, retrying once", flush=True)
                if attempt:
                    raise
                time.sleep(1)
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
        # The document list ("Văn bản"): who may read each document is decided per row (it took 12 s for a
        # province before be8c961).
        ("Document list (province)", "bench.monitor", "GET", "/documents/", None, None),
        ("Document list (commune police)", "bench.police", "GET", "/documents/", None, None),
        ("Task roll-up (province task)", "bench.monitor", "GET", f"/tasks/{targets['province_task']}/rollup", None,
         None),
        ("Task roll-up (central task, national)", "bench.central", "GET", f"/tasks/{targets['central_task']}/rollup",
         None, None),
        ("Cascade of the directive 107-KL/TW", "bench.central", "GET", f"/documents/{directive}/cascade", None, None),
        ("Report compilation (province)", "bench.office", "POST", f"/reports/{report_id}/recompile", {}, None),
        # Downloaded again: from the second request on, the same content is served as built the first time
        # (reports.docx memo); bench/profile_exports.py times the build itself.
        ("Report .docx export (province, again)", "bench.office", "GET", f"/reports/{report_id}/docx", None, None),
        ("Monitor view (province)", "bench.monitor", "GET", "/tasks/monitor", None, None),
        ("Monitor view (national)", "bench.central", "GET", "/tasks/monitor", None, None),
        ("Task detail (province task)", "bench.monitor", "GET", f"/tasks/{targets['province_task']}", None, None),
        ("Unit task list .xlsx (commune police)", "bench.police", "GET", "/tasks/export.xlsx", None, None),
        ("Unit task list .xlsx (province UBND office)", "bench.office", "GET", "/tasks/export.xlsx", None, None),
        ("Monitor view .xlsx (province)", "bench.monitor", "GET", "/tasks/monitor/export.xlsx", None, None),
        ("Duties .xlsx (province)", "bench.monitor", "GET", "/duties/export.xlsx", None, None),
        ("Duties .xlsx (central)", "bench.central", "GET", "/duties/export.xlsx", None, None),
        ("Monitor view, text filter (province)", "bench.monitor", "GET", "/tasks/monitor?q=tiep+cong+dan", None,
         None),
        # Pages found slow by a sweep of every page at national scale (2026-11-30, run j): a plan's tasks by unit
        # (2,000 lines), the forms that list units (a task given to 98 communes; building a plan from the
        # province's), the cascade's progress page, the inbox and the reports page.
        ("Tasks by unit (province plan)", "bench.monitor", "GET", f"/tasks/plan/{targets['province_plan']}", None,
         None),
        ("Task edit form (province task)", "bench.monitor", "GET", f"/tasks/{targets['province_task']}/edit", None,
         None),
        ("Derive form (from the province plan)", "bench.monitor", "GET", f"/tasks/derive/{targets['province_plan']}",
         None, None),
        ("Cascade progress of 107-KL/TW (central)", "bench.central", "GET", f"/tasks/cascade/{directive}", None,
         None),
        ("Inbox (province office)", "bench.office", "GET", "/notifications/inbox", None, None),
        ("Reports page (province monitor)", "bench.monitor", "GET", "/reports/", None, None),
        # Search at three selectivities: a document number, a common phrase, a rare word; national scope.
        ("Search: a number (national)", "bench.central", "GET", "/search/?q=107-KL%2FTW", None, None),
        ("Search: common words (national)", "bench.central", "GET", "/search/?q=khieu+nai+to+cao", None, None),
        ("Search: common words (province)", "bench.monitor", "GET", "/search/?q=khieu+nai+to+cao", None, None),
        ("Search: rare word (national)", "bench.central", "GET", "/search/?q=diem+nong", None, None),
        # Narrowed to one province's tasks, updates and plans (the filters read the tasks' own tables).
        ("Search: common words, one province (national)", "bench.central", "GET",
         f"/search/?q=khieu+nai+to+cao&unit={targets['province_ubnd']}", None, None),
        # The home page ("Việc cần làm") of each role.
        ("Home: admin", "bench.admin", "GET", "/", None, None),
        ("Home: monitor (central)", "bench.central", "GET", "/", None, None),
        ("Home: monitor (province)", "bench.monitor", "GET", "/", None, None),
        ("Home: secretariat (province)", "bench.office", "GET", "/", None, None),
        ("Home: secretariat (commune)", "bench.commune", "GET", "/", None, None),
        ("Home: member (commune police)", "bench.police", "GET", "/", None, None),
        ("Home: viewer (province)", "bench.viewer", "GET", "/", None, None),
        # The JSON API of a partner bound to the province's Ban Nội chính (role monitor, scope read): a first page
        # of each list endpoint (100 rows where the list is that long).
        ("API: tasks (province)", API_USER, "GET", "/api/v1/tasks?limit=100", None, None),
        ("API: updates (province)", API_USER, "GET", "/api/v1/updates?limit=100", None, None),
        ("API: documents (province)", API_USER, "GET", "/api/v1/documents?limit=100", None, None),
        ("API: duties (province)", API_USER, "GET", "/api/v1/duties", None, None),
        ("API: expected reports (province)", API_USER, "GET", "/api/v1/expected-submissions?limit=100", None,
         None),
        ("API: reports (province)", API_USER, "GET", "/api/v1/reports?limit=100", None, None),
        ("API: deadlines (province)", API_USER, "GET", "/api/v1/deadlines", None, None),
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
        report_id = report.id
        directive = db.session.scalar(select(Document.id).where(Document.number_text == "107-KL/TW"))
        ensure_users(targets)
        # The baseline's floors are measured by a second run of this script: it is handed the same token.
        API_TOKEN["token"] = os.environ.get("BENCH_API_TOKEN") or partner_token(targets)
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
            if db.engine.dialect.name == "postgresql":  # fresh statistics: without them the planner guessed blind
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("ANALYZE search_entry")
            print(f"search index: {count} entries in {time.perf_counter() - started:.1f} s", flush=True)
        return report_id, directive


def partner_token(targets: dict) -> str:
    """A token of the partner system the API rows use (created once, its token rotated on each run: only a hash
    is stored)."""
    from sqlalchemy import select

    from tracker.api import services
    from tracker.api.models import ApiClient
    from tracker.extensions import db
    from tracker.units.models import Unit

    client = db.session.scalar(select(ApiClient).where(ApiClient.name == "Hệ thống đo tải (bench)"))
    if client is None:
        _, token = services.create_client(actor=None, name="Hệ thống đo tải (bench)", role="monitor",
                                          unit=db.session.get(Unit, targets["province_monitor_unit"]),
                                          scopes=["read"])
    else:
        token = services.rotate_client(actor=None, client=client)
    db.session.commit()
    return token


def ensure_users(targets: dict) -> None:
    """The roles the generator does not create (admin, viewer), for their home pages; idempotent."""
    from sqlalchemy import select

    from tracker.auth.services import create_user
    from tracker.extensions import db
    from tracker.units.models import Unit, User

    for username, role, unit_id in (("bench.admin", "admin", None),
                                    ("bench.viewer", "viewer", targets["province_monitor_unit"])):
        if db.session.scalar(select(User.id).where(User.username == username)) is None:
            create_user(actor=None, username=username, full_name=username, password=PASSWORD, role=role,
                        unit=db.session.get(Unit, unit_id) if unit_id else None)
    db.session.commit()


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
            if user != API_USER:
                client.post("/login", data={"username": user, "password": PASSWORD})
            clients[user] = client
        client = clients[user]
        headers = {"Authorization": f"Bearer {API_TOKEN['token']}"} if user == API_USER else {}

        def call():
            payload = dict(data or {})
            for name, (filename, content) in (files or {}).items():
                import io
                payload[name] = (io.BytesIO(content), filename)
            return client.open(path, method=method, data=payload or None, headers=headers,
                               content_type="multipart/form-data" if files else None)
        try:
            failed = call().status_code >= 500
        except Exception:  # noqa: BLE001 - a statement timeout
            failed = True
        if failed:
            print(f"  {label}: failed in process (statement timeout?), no floor", flush=True)
            continue
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


def _payload(browser: "Browser", method: str, path: str, data: dict | None) -> dict | None:
    payload = dict(data) if data is not None else None
    if method == "POST":
        payload = {**(payload or {}), "csrf_token": browser.token("/reports/" if "reports" in path
                                                                   else "/documents/import/")}
    return payload


def measure_http(bases: dict[str, str], rows: list[tuple], runs: int, masters: list[int]) -> tuple[dict, float]:
    """One client per server, page after page: p50/p95 of `runs` requests after three warm-ups. With several
    servers (the code under test and a baseline) their requests alternate, so both see the same machine load."""
    browsers: dict = {}
    result: dict = {name: {} for name in bases}
    rss = 0.0
    for label, user, method, path, data, files in rows:
        live = {}
        for name, base in bases.items():
            browser = browsers.setdefault((name, user), Browser(base, user))
            payload = _payload(browser, method, path, data)
            for _ in range(3):
                status, _ = browser.request(method, path, payload, files)
                if status not in (200, 302):
                    break
            if status in (200, 302):
                live[name] = (browser, payload)
            elif name == "current":
                raise SystemExit(f"{label}: HTTP {status} for {path}")
        times: dict = {name: [] for name in live}
        for _ in range(runs):
            for name, (browser, payload) in live.items():
                begin = time.perf_counter()
                browser.request(method, path, payload, files)
                times[name].append((time.perf_counter() - begin) * 1000)
        rss = max([rss] + [worker_rss_mb(master) for master in masters[:1]])
        for name, own in times.items():
            result[name][label] = {"p50": statistics.median(own), "p95": percentile(own, 0.95)}
        print(f"  {label:45s} " + "  ".join(f"{name}: p50 {result[name][label]['p50']:7.1f} p95 "
                                             f"{result[name][label]['p95']:7.1f} ms" for name in times), flush=True)
    return result, rss


def measure_concurrent(bases: dict[str, str], rows: list[tuple], per_client: int, clients: int = CLIENTS) -> dict:
    """`clients` logged-in clients requesting the same read-only page at once, `per_client` requests each:
    p50/p95 of every request and requests per second over the wall time (each server in turn, page by page)."""
    import threading

    pool: dict = {}
    result: dict = {name: {} for name in bases}
    for label, user, method, path, data, files in rows:
        if method != "GET":
            continue
        for name, base in bases.items():
            if (name, user) not in pool:
                pool[(name, user)] = [Browser(base, user) for _ in range(clients)]
            browsers = pool[(name, user)]
            if browsers[0].request("GET", path)[0] != 200:
                continue
            times: list[float] = []
            lock = threading.Lock()
            barrier = threading.Barrier(clients + 1)

            def client(browser: Browser) -> None:
                browser.request("GET", path)
                barrier.wait()
                own = []
                for _ in range(per_client):
                    begin = time.perf_counter()
                    browser.request("GET", path)
                    own.append((time.perf_counter() - begin) * 1000)
                with lock:
                    times.extend(own)
            threads = [threading.Thread(target=client, args=(b,)) for b in browsers]
            for thread in threads:
                thread.start()
            barrier.wait()
            begin = time.perf_counter()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - begin
            result[name][label] = {"p50": statistics.median(times), "p95": percentile(times, 0.95),
                                   "rps": len(times) / wall}
            print(f"  {label:45s} {name} ×{clients}: p50 {result[name][label]['p50']:8.1f} ms  p95 "
                  f"{result[name][label]['p95']:8.1f} ms  {result[name][label]['rps']:6.1f} req/s", flush=True)
    return result


def start_server(root: Path, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--timeout", "300", "--log-level", "warning", "app:app"], cwd=root,
                              # the partner's rows come faster than a partner's limit allows (600 a minute)
                              env={**env, "SECRET_KEY": "bench-secret", "API_RATE_LIMIT": "100000 per minute"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/login", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def load_average() -> str:
    return " / ".join(Path("/proc/loadavg").read_text().split()[:3])


def commit() -> str:
    """The measured checkout's commit; from a `git archive` snapshot (no .git), BENCH_COMMIT names it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    if not head.strip():
        return os.environ.get("BENCH_COMMIT") or "unknown (not a git checkout: set BENCH_COMMIT)"
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "tracker", "templates"],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return head.strip() + (" + uncommitted changes" if dirty else "")


def allowance(floor_ms: float) -> float:
    """The issue's target for a page's p95: 3 × its SQL floor or the floor + 30 ms, whichever is larger."""
    return max(TARGET_RATIO * floor_ms, floor_ms + TARGET_OVER_FLOOR_MS)


def write_results(dialect: str, scale: float, targets: dict, table: str, rss: float, name: str, note: str) -> Path:
    path = ROOT / "bench" / "results" / f"{date.today().isoformat()}-{name or dialect}.md"
    counts = targets["counts"]
    heading = f"## scale {scale}" + (f", {note}" if note else "")
    section = (f"{heading}\n\n{targets['units']:,} units, {counts['task']:,} tasks, {counts['assignment']:,} "
               f"assignments, {counts['task_update']:,} updates, {counts['expected_submission']:,} expected reports. "
               f"gunicorn 2 workers, HTTP over loopback, largest worker RSS {rss:.0f} MB.\n\n{table}\n")
    text = path.read_text() if path.exists() else (
        f"# National benchmark on {dialect} — {date.today().isoformat()}\n\n`bench/run.py`; p50/p95 over real HTTP "
        f"with one client, then with {CLIENTS} concurrent clients (read-only pages); queries = SQL statements per "
        "request; floor = p50 of those SELECTs replayed directly on the database; allowance = max(3 × floor, "
        "floor + 30 ms), a p95 above it is flagged ⚠. p50 − floor is the fixed cost of a request (session, user, "
        "CSRF, template, HTTP).\n\n")
    text = re.sub(rf"{re.escape(heading)}\n.*?(?=\n## scale |\Z)", "", text, flags=re.S).rstrip() + "\n\n"
    path.write_text(text + section)
    return path


def table_for(rows: list[tuple], http: dict, many: dict, floors: dict) -> str:
    lines = [f"| page | p50 ms | p95 ms | ×{CLIENTS} p50 ms | ×{CLIENTS} p95 ms | ×{CLIENTS} req/s | queries/request "
             "| floor ms | p50 − floor ms | allowance ms |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for label, *_ in rows:
        h, f, c = http.get(label), floors.get(label), many.get(label)
        if h is None:
            lines.append(f"| {label} | – | – | – | – | – | – | – | – | – |")
            continue
        limit = allowance(f["floor_ms"]) if f else None
        flag = " ⚠" if limit and h["p95"] > limit else ""
        conc = f"{c['p50']:.1f} | {c['p95']:.1f} | {c['rps']:.1f}" if c else "– | – | –"
        floor = f"{f['queries']} | {f['floor_ms']:.1f} | {h['p50'] - f['floor_ms']:.1f} | {limit:.0f}" if f \
            else "– | – | – | –"
        lines.append(f"| {label}{flag} | {h['p50']:.1f} | {h['p95']:.1f} | {conc} | {floor} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{ROOT / 'bench' / 'data' / 'national.db'}")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--reuse", action="store_true", help="measure the data set generated last time")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--per-client", type=int, default=10, help="requests per concurrent client and page")
    parser.add_argument("--only", help="measure only the pages whose label matches this regular expression")
    parser.add_argument("--name", default="", help="results file bench/results/<date>-<name>.md (default: the db)")
    parser.add_argument("--note", default="", help="added to the section heading")
    parser.add_argument("--baseline", type=Path, help="a checkout of an earlier commit (e.g. from git archive): "
                        "served beside this one, requests alternating, and reported in a second table")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--floors-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    from sqlalchemy.engine import make_url

    dialect = make_url(args.database_url).get_backend_name()
    env = {**os.environ, "DATABASE_URL": args.database_url}
    if dialect == "postgresql":  # a page whose plan goes wrong answers 500 after a minute instead of hanging the run
        env["PGOPTIONS"] = (env.get("PGOPTIONS", "") + f" -c statement_timeout={STATEMENT_TIMEOUT_MS}").strip()
        os.environ["PGOPTIONS"] = env["PGOPTIONS"]
    if not args.reuse and not args.floors_only:
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(args.scale)], env=env,
                       check=True)
    targets = json.loads((args.data_dir / f"national-{dialect}.json").read_text())
    report_id, directive = prepare(args.database_url, targets)
    env["BENCH_API_TOKEN"] = API_TOKEN["token"]
    rows = pages(targets, report_id, directive)
    if args.only:
        rows = [row for row in rows if re.search(args.only, row[0])]
    if args.floors_only:  # the baseline's own statements, measured with its own code
        with_route = []
        for row in rows:
            try:
                with_route.append((row[0], in_process(args.database_url, [row], args.runs)[row[0]]))
            except Exception as error:  # noqa: BLE001 - a page the baseline does not have
                print(f"baseline: {row[0]}: {error}", file=sys.stderr)
        args.floors_only.write_text(json.dumps(dict(with_route)))
        return
    load_before = load_average()
    print("in-process: statements per request and SQL floors …", flush=True)
    floors = {"current": in_process(args.database_url, rows, args.runs)}
    roots = {"current": ROOT}
    if args.baseline:
        import shutil

        shutil.copy(Path(__file__), args.baseline / "bench" / "run.py")
        out = args.baseline / "bench" / "floors.json"
        subprocess.run([sys.executable, str(args.baseline / "bench" / "run.py"), "--reuse", "--database-url",
                        args.database_url, "--data-dir", str(args.data_dir), "--runs", str(args.runs),
                        "--floors-only", str(out)] + (["--only", args.only] if args.only else []), env=env,
                       check=True)
        floors["baseline"] = json.loads(out.read_text())
        roots["baseline"] = args.baseline
    servers, bases = [], {}
    try:
        for name, root in roots.items():
            server, bases[name] = start_server(root, env)
            servers.append(server)
        print(f"gunicorn on {bases} ({dialect}, scale {targets['scale']}):", flush=True)
        http, rss = measure_http(bases, rows, args.runs, [s.pid for s in servers])
        load_single = load_average()
        print(f"{CLIENTS} concurrent clients:", flush=True)
        many = measure_concurrent(bases, rows, args.per_client)
        load_many = load_average()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    table = table_for(rows, http["current"], many["current"], floors["current"])
    if args.baseline:
        head = subprocess.run(["git", "log", "-1", "--format=%h"], cwd=args.baseline, capture_output=True,
                              text=True).stdout.strip() or args.baseline.name
        table += (f"\n\nBaseline ({head}), served at the same time, requests alternating with the table above; "
                  f"queries and floor measured with its own code:\n\n"
                  + table_for(rows, http["baseline"], many["baseline"], floors["baseline"]))
    table += (f"\n\nCommit {commit()}; load average (1/5/15 min) before {load_before}, after the single-client pass "
              f"{load_single}, after the {CLIENTS}-client pass {load_many} ({os.cpu_count()} cores).")
    print(table)
    print(f"largest gunicorn worker RSS: {rss:.0f} MB")
    print(f"written to {write_results(dialect, targets['scale'], targets, table, rss, args.name, args.note)}")


if __name__ == "__main__":
    main()
