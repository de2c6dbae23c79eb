"""The review form's hidden payload and row counts checked before use: a crafted form gets a Vietnamese message
(never a 500) and a bounded amount of work."""
from __future__ import annotations

import json

from werkzeug.datastructures import MultiDict

from tracker.core.inputs import parse_count, parse_id

MAX_REVIEW_TASKS = 3_000
MAX_TASK_UNITS = 400
MAX_REVIEW_ASSIGNMENTS = 20_000
MAX_PAYLOAD_CHARS = 5_000_000


class ReviewFormError(ValueError):
    """The review form was not made by the review page (or was cut short); `message` is Vietnamese."""

    def __init__(self, message: str = "biểu mẫu rà soát không đầy đủ hoặc đã bị sửa. Vui lòng nhập lại văn bản."):
        super().__init__(message)
        self.message = message


def _is_lines(value) -> bool:
    return value is None or (isinstance(value, list) and all(isinstance(n, int) and not isinstance(n, bool)
                                                             for n in value))


def _is_id(value) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and parse_id(value) == value)


def _dicts(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def _spec_ok(spec) -> bool:
    if spec in ("", None):
        return True
    if not isinstance(spec, str):
        return False
    try:
        parsed = json.loads(spec)
    except ValueError:
        return False
    return isinstance(parsed, dict) and all(isinstance(parsed.get(k), (str, type(None)))
                                            for k in ("phrase", "due_on", "kind"))


def checked_payload(raw: str | None) -> dict:
    """The payload as the review page wrote it; ReviewFormError for anything of another shape."""
    if len(raw or "") > MAX_PAYLOAD_CHARS:
        raise ReviewFormError()
    try:
        payload = json.loads(raw or "{}")
    except ValueError as error:
        raise ReviewFormError() from error
    if not isinstance(payload, dict):
        raise ReviewFormError()
    cited, sections, tasks = payload.get("cited", []), payload.get("sections", []), payload.get("tasks", [])
    duties, upper = payload.get("duties", []), payload.get("upper_tasks", [])
    ok = (isinstance(payload.get("filename", ""), str) and isinstance(payload.get("issuer_written", ""), str)
          and isinstance(payload.get("meta_lines", {}), dict)
          and _dicts(cited) and all(_is_id(c.get("existing_id")) and _is_lines(c.get("lines"))
                                    and isinstance(c.get("warnings", []), list)
                                    and all(isinstance(c.get(k, ""), (str, type(None)))
                                            for k in ("existing_label", "original_number", "written"))
                                    for c in cited)
          and _dicts(sections) and all(isinstance(s.get("number"), (str, type(None)))
                                       and isinstance(s.get("title"), str) and _is_lines(s.get("lines"))
                                       and (s.get("parent") is None or (isinstance(s.get("parent"), int)
                                                                        and not isinstance(s.get("parent"), bool)))
                                       for s in sections)
          and _dicts(tasks) and len(tasks) <= MAX_REVIEW_TASKS
          and all(_is_lines(t.get("lines")) and _spec_ok(t.get("spec", "")) for t in tasks)
          and _dicts(duties) and all(_is_lines(d.get("lines")) for d in duties)
          and _dicts(payload.get("warnings", [])) and all(_is_lines(w.get("lines")) for w in payload.get("warnings", []))
          and isinstance(payload.get("unit_options", []), list)
          and all(isinstance(u, list) and len(u) == 2 and isinstance(u[0], str) and _is_id(u[1])
                  for u in payload.get("unit_options", []))
          and isinstance(upper, list) and all(isinstance(u, list) and len(u) == 2 and _is_id(u[0]) for u in upper))
    if not ok:
        raise ReviewFormError()
    return payload


def row_index(value: str | None) -> int | None:
    """A row number the form sends back (a section of the plan): None when not a plausible index."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def row_counts(form: MultiDict) -> list[int]:
    """How many unit rows each task row of the review form has, bounded (tasks, units per task, in total)."""
    try:
        tasks = parse_count(form.get("task_count"), MAX_REVIEW_TASKS)
        counts = [parse_count(form.get(f"t-{i}-acount"), MAX_TASK_UNITS) for i in range(tasks)]
    except ValueError as error:
        raise ReviewFormError(f"biểu mẫu rà soát có số dòng không hợp lệ (tối đa {MAX_REVIEW_TASKS:,} nhiệm vụ, "
                              f"{MAX_TASK_UNITS} đơn vị mỗi nhiệm vụ).".replace(",", ".")) from error
    if sum(counts) > MAX_REVIEW_ASSIGNMENTS:
        raise ReviewFormError(f"biểu mẫu rà soát có quá nhiều đơn vị (tối đa {MAX_REVIEW_ASSIGNMENTS:,}).".replace(
            ",", "."))
    return counts
