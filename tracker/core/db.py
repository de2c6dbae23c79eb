"""Engine set-up per backend: SQLite gets WAL, a busy timeout, foreign keys and real transactions."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

_configured: set[int] = set()


def configure_engine(engine: Engine) -> None:
    """Install the per-connection pragmas once per engine.

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
        cursor.execute("PRAGMA busy_timeout=5000")
        if ":memory:" not in str(engine.url) and str(engine.url) != "sqlite://":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN")
