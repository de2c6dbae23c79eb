"""Keeping the search index current: every flush that adds, changes or removes a searchable row rewrites its entry
in the same transaction (a rolled-back change leaves the index as it was); `reindex_all` rebuilds everything.

An entry keeps only what a search reads from every match (migration 0023): the text it is matched by, and the
heading and text of a document or report (composed, and long). A task's, update's or unit's own row is short, and
a hit shows its text from there (search.queries.hit_text). On PostgreSQL the folded text is turned into the
entry's tsvectors as it is written and not kept: only SQLite's FTS5 table reads it back."""
from __future__ import annotations

from sqlalchemy import String, bindparam, column, delete, event, func, insert, inspect, literal_column, select, table
from sqlalchemy.orm import Session, undefer

from tracker.core.timeutil import utcnow
from tracker.core.vntext import expand_abbreviations, fold
from tracker.extensions import db
from tracker.plans.models import Document, Task
from tracker.reports.models import Report
from tracker.search.models import SearchEntry
from tracker.tasks.models import TaskUpdate
from tracker.units.models import Unit

BODY_MAX = 200_000  # characters of a document's text kept for matching and snippets
HEAD = 1_500  # folded characters of a long entry that rank it (PostgreSQL: head_tsv, migration 0022)
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
    # A task, an update, a unit: heading and text are read from its own row when it is a hit (no copy here).
    if isinstance(obj, Task):
        text = f"{obj.text}\n{obj.deadline_phrase or ''}".strip()
        return {"title": "", "body": "", "year": obj.due_on.year if obj.due_on else None,
                "parent_id": obj.document_id, "folded": _folded(text, expand=(obj.text[:2000],))}
    if isinstance(obj, TaskUpdate):
        return {"title": "", "body": "", "parent_id": obj.task_id,
                "year": obj.reported_on.year if obj.reported_on else None, "folded": _folded(obj.note_md)}
    if isinstance(obj, Report):
        body = "\n\n".join(filter(None, (obj.opening_md, obj.deployment_md, obj.results_md, obj.assessment_md,
                                         obj.direction_md, obj.proposals_md)))[:BODY_MAX]
        number = f"Báo cáo số {obj.number_text}" if obj.number_text else "Báo cáo (dự thảo)"
        return {"title": f"{number}: {obj.title}", "body": body, "year": None, "parent_id": None,
                "folded": _folded(obj.number_text, obj.title, obj.issuer_name, body, expand=(obj.title,))}
    if isinstance(obj, Unit):
        return {"title": "", "body": "", "year": None, "parent_id": obj.parent_id,
                "folded": f"{fold(obj.name)} {obj.search_text or ''}".strip()}
    return None


# PostgreSQL: the entry's tsvectors are written from the folded text, which is not kept (migration 0023): the whole
# text's (tsv, what matches) and, for a long entry, its first HEAD characters' (head_tsv, what ranks).
_PG_ENTRIES = table("search_entry", *(column(name) for name in (
    "kind", "ref_id", "parent_id", "title", "body", "folded", "year", "updated_at", "tsv", "head_tsv")))
_SIMPLE = literal_column("'simple'")
_PG_INSERT = insert(_PG_ENTRIES).values(
    kind=bindparam("kind"), ref_id=bindparam("ref_id"), parent_id=bindparam("parent_id"),
    title=bindparam("title"), body=bindparam("body"), folded="", year=bindparam("year"),
    updated_at=bindparam("updated_at"), tsv=func.to_tsvector(_SIMPLE, bindparam("text", type_=String)),
    head_tsv=func.to_tsvector(_SIMPLE, bindparam("head", type_=String)))  # NULL for a short entry: ranked by tsv


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
            rows.append({"kind": kind, "ref_id": obj.id, "updated_at": utcnow(), **row})
    for kind, ids in drop.items():
        connection.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.ref_id.in_(sorted(ids))))
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        for row in rows:
            text = row.pop("folded")
            row.update(text=text, head=text[:HEAD] if len(text) > HEAD else None)
        connection.execute(_PG_INSERT, rows)
    else:
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
