"""Scores of a parse against the parse of the same plan's .docx: header fields and task units (role, unit)."""
from __future__ import annotations

from collections import Counter

from tracker.core.vntext import name_key

HEADER_FIELDS = ("doc_type", "number", "issued_on", "issued_year", "place", "issuer_name", "title")


def _norm(value):
    return name_key(value) if isinstance(value, str) else value


def header_fields(plan: dict) -> dict:
    meta = plan["metadata"]
    fields = {key: meta.get(key) for key in HEADER_FIELDS}
    fields["signer_name"] = (meta.get("signer") or {}).get("name")
    return {key: _norm(value) for key, value in fields.items() if value not in (None, "", [])}


def task_units(plan: dict) -> Counter:
    return Counter((a["role"], name_key(a["name"])) for task in plan["tasks"] for a in task["assignments"])


def score(plan: dict, reference: dict) -> tuple[float, float, list[str]]:
    """(header share, task-unit share, what differs) of `plan` against `reference` (both parse_plan dicts)."""
    want_h, got_h = header_fields(reference), header_fields(plan)
    wrong = [f"{k}: {want_h[k]!r} ≠ {got_h.get(k)!r}" for k in want_h if got_h.get(k) != want_h[k]]
    header = (len(want_h) - len(wrong)) / len(want_h) if want_h else 1.0
    want_t, got_t = task_units(reference), task_units(plan)
    units = sum((want_t & got_t).values()) / sum(want_t.values()) if want_t else 1.0
    missing = want_t - got_t
    if missing:
        wrong.append(f"task units missing: {sorted(missing)[:5]}")
    return header, units, wrong
