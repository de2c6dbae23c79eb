"""An example partner of tracker's API (standard library only): sync one province's tasks incrementally into a local
JSON file, then post a progress update on one task.

    python docs/api_client_example.py --base https://tracker.example.vn --token trk_... --unit-id 42 \
        --store tasks.json [--post-update TASK_ID --note "Đã triển khai"]

The token comes from an admin (Quản trị → Ứng dụng API). Run it as often as you like: each run asks only for what
changed since the last run began (`updated_since`, by the server's clock from its Date header, with a minute of
overlap because a transaction that started earlier may commit later) and merges by id, so a repeated or interrupted run loses nothing and duplicates nothing.
"""
from __future__ import annotations

import argparse
import json
import mimetypes
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

OVERLAP = timedelta(minutes=1)


class ApiError(Exception):
    """A problem+json answer: `status`, and `detail` in Vietnamese."""

    def __init__(self, status: int, problem: dict):
        super().__init__(f"{status}: {problem.get('detail', problem)}")
        self.status, self.problem = status, problem


class Client:
    def __init__(self, base: str, token: str, timeout: float = 30):
        self.base, self.token, self.timeout = base.rstrip("/"), token, timeout

    def request(self, method: str, path: str, *, params: dict | None = None, body: bytes | None = None,
                headers: dict | None = None) -> tuple[dict, dict]:
        """(JSON body, headers); retries once after a 429 (Retry-After); raises ApiError on any other error."""
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        all_headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json", **(headers or {})}
        for attempt in range(2):
            request = urllib.request.Request(url, data=body, method=method, headers=all_headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read() or b"{}"), dict(response.headers)
            except urllib.error.HTTPError as error:
                payload = error.read()
                if error.code == 429 and attempt == 0:
                    time.sleep(min(int(error.headers.get("Retry-After", "5")), 60))
                    continue
                try:
                    problem = json.loads(payload)
                except ValueError:
                    problem = {"detail": payload.decode("utf-8", "replace")[:200]}
                raise ApiError(error.code, problem) from None
        raise AssertionError("unreachable")

    def pages(self, path: str, params: dict):
        """Every item of a list, following next_cursor; `self.started` is the server's time of the first page."""
        params, self.started = dict(params), None
        while True:
            page, headers = self.request("GET", path, params=params)
            if self.started is None:
                self.started = parsedate_to_datetime(headers["Date"])
            yield from page["items"]
            if not page["next_cursor"]:
                return
            params["cursor"] = page["next_cursor"]

    def post_multipart(self, path: str, fields: dict, files: dict[str, tuple[str, bytes]] | None = None,
                       headers: dict | None = None) -> tuple[dict, dict]:
        boundary = uuid.uuid4().hex
        chunks = []
        for name, value in fields.items():
            chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in (files or {}).items():
            kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
            chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                          f"Content-Type: {kind}\r\n\r\n".encode() + data + b"\r\n")
        chunks.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, body=b"".join(chunks), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}", **(headers or {})})


def sync_tasks(client: Client, unit_id: int, store_path: Path) -> dict:
    """Bring the local copy of the unit's (a province's) tasks up to date; returns what the run did."""
    store = json.loads(store_path.read_text("utf-8")) if store_path.exists() else {"since": None, "tasks": {}}
    params = {"unit_id": unit_id, "limit": 100}
    if store["since"]:
        params["updated_since"] = store["since"]
    fetched = 0
    for task in client.pages("/api/v1/tasks", params):
        store["tasks"][str(task["id"])] = task
        fetched += 1
    # Next time: what changed since this run began by the server's clock, less the overlap.
    store["since"] = (client.started - OVERLAP).isoformat()
    store_path.write_text(json.dumps(store, ensure_ascii=False, indent=1), "utf-8")
    return {"fetched": fetched, "total": len(store["tasks"]), "since": store["since"]}


def post_update(client: Client, task_id: int, note: str, progress: int | None = None,
                evidence: tuple[str, bytes] | None = None) -> dict:
    """Post a progress update, guarded by the task's ETag and an idempotency key (safe to retry)."""
    _, headers = client.request("GET", f"/api/v1/tasks/{task_id}")
    fields = {"note": note} | ({"progress": str(progress)} if progress is not None else {})
    key = str(uuid.uuid4())
    guard = {"If-Match": headers["ETag"], "Idempotency-Key": key}
    files = {"files": evidence} if evidence else None
    try:
        update, _ = client.post_multipart(f"/api/v1/tasks/{task_id}/updates", fields, files, headers=guard)
    except (urllib.error.URLError, TimeoutError):
        # The answer was lost: the same key returns the update that was saved (or saves it now), never two.
        update, _ = client.post_multipart(f"/api/v1/tasks/{task_id}/updates", fields, files, headers=guard)
    return update


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--unit-id", type=int, required=True)
    parser.add_argument("--store", type=Path, default=Path("tasks.json"))
    parser.add_argument("--post-update", type=int, metavar="TASK_ID")
    parser.add_argument("--note", default="")
    parser.add_argument("--progress", type=int)
    args = parser.parse_args()
    client = Client(args.base, args.token)
    print(json.dumps(sync_tasks(client, args.unit_id, args.store), ensure_ascii=False))
    if args.post_update:
        try:
            update = post_update(client, args.post_update, args.note, args.progress)
        except ApiError as error:
            raise SystemExit(f"Không gửi được cập nhật: {error}") from None
        print(json.dumps({"update": update["id"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
