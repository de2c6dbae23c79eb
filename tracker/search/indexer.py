"""Keeping the search index current: every flush that adds, changes or removes a searchable row rewrites its entry
in the same transaction (a rolled-back change leaves the index as it was); `reindex_all` rebuilds everything."""
from __future__ import annotations

from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.orm import Session, undefer

from tracker.core.vntext import expand_abbreviations, fold
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.reports.models import Report
from tracker.search.models import SearchEntry
from tracker.tasks.models import TaskUpdate
from tracker.units.models import Unit

BODY_MAX = 200_000  # characters of a document's text kept for matching and snippets
# The attributes whose change rewrites an entry; others (a task's status, a unit's sort key) leave it alone.
WATCHED = {
    Document: ("doc_type", "number_text", "title", "issuer_name", "body_md", "issued_year"),
    Task: ("text", "deadline_phrase"),
    TaskUpdate: ("note_md",),
    Report: ("title", "number_text", "opening_md", "deployment_md", "results_md", "assessment_md",
             "direction_md", "proposals_md"),
    Unit: ("name", "short_name", "search_text"),
}
DEFERRED = {Document: ("body_md",)}  # columns loaded only when asked for (models), which an entry reads
KIND_OF = {Document: "document", Task: "task", TaskUpdate: "update", Report: "report", Unit: "unit"}


def _folded(*parts: str | None, expand: tuple[str | None, ...] = ()) -> str:
    text = " ".join(p for p in parts if p)
    extra = " ".join(fold(expand_abbreviations(p)) for p in expand if p)
    return f"{fold(text)} {extra}".strip()


def entry_for(obj) -> dict | None:
    """The index row of one searchable object (plain values only: nothing is loaded during a flush)."""
    if isinstance(obj, Document):
        body = (obj.body_md or "")[:BODY_MAX]
        head = f"{obj.label} của {obj.issuer_name}" if obj.issuer_name else obj.label
        return {"title": f"{head}: {obj.title}", "body": body, "year": obj.issued_year, "parent_id": None,
                "folded": _folded(obj.type_label, obj.number_text, obj.title, obj.issuer_name, body,
                                  expand=(obj.title, obj.issuer_name))}
    if isinstance(obj, Task):
        text = f"{obj.text}\n{obj.deadline_phrase or ''}".strip()
        return {"title": obj.text[:300], "body": text, "year": obj.due_on.year if obj.due_on else None,
                "parent_id": obj.document_id, "folded": _folded(text, expand=(obj.text[:2000],))}
    if isinstance(obj, TaskUpdate):
        return {"title": (obj.note_md or "")[:300], "body": obj.note_md or "", "parent_id": obj.task_id,
                "year": obj.reported_on.year if obj.reported_on else None, "folded": _folded(obj.note_md)}
    if isinstance(obj, Report):
        body = "\n\n".join(filter(None, (obj.opening_md, obj.deployment_md, obj.results_md, obj.assessment_md,
                                         obj.direction_md, obj.proposals_md)))[:BODY_MAX]
        number = f"Báo cáo số {obj.number_text}" if obj.number_text else "Báo cáo (dự thảo)"
        return {"title": f"{number}: {obj.title}", "body": body, "year": None, "parent_id": None,
                "folded": _folded(obj.number_text, obj.title, obj.issuer_name, body, expand=(obj.title,))}
    if isinstance(obj, Unit):
        return {"title": obj.name, "body": obj.name, "year": None, "parent_id": obj.parent_id,
                "folded": f"{fold(obj.name)} {obj.search_text or ''}".strip()}
    return None


def _changed(obj) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in WATCHED[type(obj)])


def write_entries(connection, objects: list, removed: list[tuple[str, int]]) -> None:
    """Replace the entries of `objects` and drop those of `removed` (kind, id) pairs: two statements per kind."""
    drop: dict[str, set[int]] = {}
    for kind, ref_id in removed:
        drop.setdefault(kind, set()).add(ref_id)
    rows = []
    for obj in objects:
        row = entry_for(obj)
        kind = KIND_OF[type(obj)]
        drop.setdefault(kind, set()).add(obj.id)
        if row is not None:
            rows.append({"kind": kind, "ref_id": obj.id, **row})
    for kind, ids in drop.items():
        connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id.in_(sorted(ids))))
    if rows:
        connection.execute(insert(SearchEntry), rows)


@event.listens_for(Session, "before_flush")
def _collect(session, flush_context, instances) -> None:
    pending = session.info.setdefault("search_pending", {"objects": [], "removed": []})
    for obj in session.new:
        if type(obj) in WATCHED:
            pending["objects"].append(obj)
    for obj in session.dirty:
        if type(obj) in WATCHED and _changed(obj):
            for name in DEFERRED.get(type(obj), ()):
                getattr(obj, name)  # read now: after the flush the entry is built from plain values only
            pending["objects"].append(obj)
    for obj in session.deleted:
        if type(obj) in WATCHED and obj.id is not None:
            pending["removed"].append((KIND_OF[type(obj)], obj.id))


@event.listens_for(Session, "after_flush")
def _write(session, flush_context) -> None:
    pending = session.info.pop("search_pending", None)
    if not pending or not (pending["objects"] or pending["removed"]):
        return
    objects = [o for o in {id(o): o for o in pending["objects"]}.values() if o.id is not None]
    with session.no_autoflush:
        write_entries(session.connection(), objects, pending["removed"])


@event.listens_for(Session, "after_soft_rollback")
def _forget(session, previous_transaction) -> None:
    session.info.pop("search_pending", None)


def reindex_all(batch: int = 2000) -> int:
    """Rebuild the whole index (after a bulk load or a restore); returns the number of entries."""
    db.session.execute(delete(SearchEntry))
    total = 0
    for model in (Unit, Document, Task, TaskUpdate, Report):
        last = 0
        while True:
            chunk = list(db.session.scalars(select(model).where(model.id > last).order_by(model.id).limit(batch)
                                            .options(*[undefer(getattr(model, n)) for n in DEFERRED.get(model, ())])))
            if not chunk:
                break
            write_entries(db.session.connection(), chunk, [])
            total += len(chunk)
            last = chunk[-1].id
            db.session.expunge_all()
    return total
