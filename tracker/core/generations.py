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

import threading
from collections import OrderedDict
from typing import Callable

from sqlalchemy import BigInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

VISIBILITY = "visibility"  # who may see which task and which document
KEPT = 512  # answers per process (a province's 2,000 ids, kept as 4-byte ints, are 8 kB)


class CacheGeneration(db.Model):
    """One counter per kind of kept answer, moved by the database's triggers (PostgreSQL; SQLite keeps nothing)."""
    __tablename__ = "cache_generation"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


_kept: OrderedDict = OrderedDict()
_lock = threading.Lock()


def _generation(name: str) -> tuple | None:
    """(the database, counter `name`) if this transaction may use kept answers (PostgreSQL, nothing written yet),
    else None; asked at each use, since a request may write between two. The database is its server address and
    oid: a database dropped and made again under the same name (a test run, a restored dump) starts again."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    row = db.session.execute(text(
        "SELECT value, pg_current_xact_id_if_assigned() IS NULL, "
        "(SELECT oid FROM pg_database WHERE datname = current_database()) "
        "FROM cache_generation WHERE name = :name"), {"name": name}).first()
    if row is None or not row[1]:
        return None
    return db.engine.url.render_as_string(hide_password=True), row[2], row[0]


def kept(name: str, key: tuple, compute: Callable):
    """compute(), or the answer kept for `key` while generation `name` has not moved."""
    generation = _generation(name)
    if generation is None:
        return compute()
    full_key = (name, generation[:2], key)
    with _lock:
        entry = _kept.get(full_key)
        if entry is not None and entry[0] == generation:
            _kept.move_to_end(full_key)
            return entry[1]
    value = compute()
    with _lock:
        _kept[full_key] = (generation, value)
        _kept.move_to_end(full_key)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return value

