"""Results kept between requests until the data they were read from changes (PostgreSQL).

A province's monitor view, its search and its document list each begin with the same questions: which tasks may
this body see, and which plans were issued within the bodies a user works in? The answers (2,000 task ids out of
30,000 assignments; the body of each of 3,300 issuers) were read afresh on every request, a third of a page's
database time. They are now kept in the process, under a generation number that the database itself moves
whenever an assignment, a task's plan, a document or its issuer, or the unit tree changes (deferred triggers of
migration 0021, fired once per committing transaction, whoever writes: a route, the importer, a command, psql).

A kept answer is used only by a transaction that has written nothing: such a transaction sees committed data
only, all of it counted in the generation it reads. One that has written (a route that saves, then lists; a test
inside its rolled-back transaction) may see changes no generation counts yet, and asks the database.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Callable

from flask import g, has_request_context, request
from sqlalchemy import BigInteger, String, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column

from tracker.core.db import READ_ONLY_METHODS
from tracker.extensions import db

VISIBILITY = "visibility"  # who may see which task and which document
KEPT = 512  # answers per process (a province's 2,000 ids, kept as 4-byte ints, are 8 kB)
KEPT_STATEMENTS = 32  # statements per process (a search's, per role and unit: at most 10 MB)
MEMO = "cache_generations"  # flask.g: the generations a page view read, while it has written nothing


class CacheGeneration(db.Model):
    """One counter per kind of kept answer, moved by the database's triggers (PostgreSQL; SQLite keeps nothing)."""
    __tablename__ = "cache_generation"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


_kept: OrderedDict = OrderedDict()
_statements: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _generation(name: str) -> tuple | None:
    """(the database, counter `name`) if this transaction may use kept answers (PostgreSQL, nothing written yet),
    else None. The database is its server address and oid: a database dropped and made again under the same name
    (a test run, a restored dump) starts again. Asked once per page view (GET, HEAD) until it writes anything (a
    search asked it for its statement, its task ids, then its hidden ids), else at each use, since a request may
    write between two."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    memo = g.setdefault(MEMO, {}) if has_request_context() and request.method in READ_ONLY_METHODS else None
    if memo is not None and name in memo:
        return memo[name]
    row = db.session.execute(text(
        "SELECT value, pg_current_xact_id_if_assigned() IS NULL, "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) "
        "FROM cache_generation WHERE name = :name"), {"name": name}).first()
    found = None if row is None or not row[1] else \
        (db.engine.url.render_as_string(hide_password=True), row[2], row[0])
    if memo is not None:  # a transaction that has written stays so; one that has not, until a write (below)
        memo[name] = found
    return found


@event.listens_for(Engine, "before_cursor_execute")
def _forget_on_write(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
    """Anything but a read in a page view that read a generation: it is asked again at its next use."""
    if has_request_context() and MEMO in g and not _reads_only(statement):
        g.pop(MEMO, None)


_WRITES = re.compile(r"\b(?:INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|MERGE\s+INTO)\b", re.IGNORECASE)


def _reads_only(statement: str) -> bool:
    """A SELECT, or a WITH (a recursive walk of the unit tree or of a cascade) that changes nothing: a home page's
    walk of its own units had made the generation be asked a second time."""
    head = statement.lstrip()[:6].upper()
    return head == "SELECT" or (head.startswith("WITH") and not _WRITES.search(statement))


def kept_memo(name: str, key: tuple, limit: int = 50_000) -> dict | None:
    """A dict kept while generation `name` has not moved (answers filled in as they are asked, such as each
    unit's body), emptied past `limit` entries; None where nothing may be kept (SQLite, a transaction that has
    written)."""
    if _generation(name) is None:
        return None
    memo = kept(name, key, dict)
    if len(memo) > limit:
        memo.clear()
    return memo


def kept(name: str, key: tuple, compute: Callable, *, statement: bool = False):
    """compute(), or the answer kept for `key` while generation `name` has not moved. A `statement` (a built
    SQL statement, 200–300 kB of objects) is kept among the KEPT_STATEMENTS most recent, apart from the answers."""
    generation = _generation(name)
    if generation is None:
        return compute()
    store, limit = (_statements, KEPT_STATEMENTS) if statement else (_kept, KEPT)
    full_key = (name, generation[:2], key)
    with _lock:
        entry = store.get(full_key)
        if entry is not None and entry[0] == generation:
            store.move_to_end(full_key)
            return entry[1]
    value = compute()
    with _lock:
        store[full_key] = (generation, value)
        store.move_to_end(full_key)
        while len(store) > limit:
            store.popitem(last=False)
    return value

