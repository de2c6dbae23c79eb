"""Engine set-up per backend: SQLite gets WAL, a busy timeout, foreign keys and real transactions."""
from __future__ import annotations

from array import array

from flask import has_request_context, request
from sqlalchemy import any_, bindparam, event
from sqlalchemy.types import NullType, TypeDecorator
from sqlalchemy.engine import Engine

from tracker.extensions import db

_configured: set[int] = set()


def configure_engine(engine: Engine, busy_timeout_ms: int = 15000) -> None:
    """Install the per-connection pragmas once per engine; a writer waits up to `busy_timeout_ms` for the write
    lock (writers queue: a burst of sixty saves on a loaded two-core server takes several seconds).

    pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; we switch it off and emit
    BEGIN ourselves, as SQLAlchemy's SQLite documentation recommends.
    """
    if engine.dialect.name != "sqlite" or id(engine) in _configured:
        return
    _configured.add(id(engine))

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001 - DB-API object
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if ":memory:" not in str(engine.url) and str(engine.url) != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _may_write() -> bool:
    """Whether this transaction may write: every one outside a GET/HEAD/OPTIONS request.

    A deferred transaction that read first and then writes cannot wait for another writer in WAL mode:
    SQLite answers SQLITE_BUSY at once ("database is locked"; the busy timeout does not apply because its
    snapshot is stale). Writers therefore take the write lock at BEGIN, where the busy timeout does wait;
    page views stay deferred so reads never queue behind writes.
    """
    return not (has_request_context() and request.method in READ_ONLY_METHODS)


class _IntArrayLiteral(TypeDecorator):
    """An integer array written into a statement as '{1,2,3}'::integer[] in one join (SQLAlchemy's own ARRAY
    literal renders each element through its type: 4,000 calls for a province's task ids, twice a page)."""
    impl = NullType
    cache_ok = True

    def process_literal_param(self, value, dialect):  # noqa: ANN001, ANN201 - SQLAlchemy's signature
        return "'{" + ",".join(map(str, value)) + "}'::integer[]"  # ints already (int_array)


def int_array(ids: list[int]):
    """PostgreSQL: a list of ids as one integer array written into the statement when it runs, after SQLAlchemy's
    statement cache: the planner sees a constant, so `column = ANY(…)` is hashed even as a filter (a parameter
    cast from text was not, and a row filter then searched 2,000 ids per match), and psycopg does not dump it
    (its array dumper checked each element with a regular expression: 5 ms a statement)."""
    # An array("i") (the kept task ids) is ints already, and 4 bytes each: a list of them is 36 (a kept search
    # statement holds its user's ids three times).
    value = ids if isinstance(ids, array) and ids.typecode == "i" else [int(i) for i in ids]
    return bindparam(None, value, type_=_IntArrayLiteral(), literal_execute=True)


MANY_IDS = 100  # above this many ids, PostgreSQL gets one array rather than a parameter per id


def among(column, ids):
    """`column IN ids` for a list of ids read earlier in the request (a page's or an export's tasks). On PostgreSQL
    a long list is one constant array (int_array): SQLAlchemy expands IN into a parameter per id, and a province's
    2,000 tasks were bound, sent and parsed in each of an export's four statements (60 ms of its 390)."""
    ids = list(ids)
    if len(ids) > MANY_IDS and db.session.get_bind().dialect.name == "postgresql":
        return column == any_(int_array(ids))
    return column.in_(ids)
