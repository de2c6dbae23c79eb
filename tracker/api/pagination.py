"""Keyset pagination on (a timestamp, id): an opaque cursor, stable while rows change, cheap at any depth."""
from __future__ import annotations

import base64
import json
from datetime import datetime

from sqlalchemy import Select, and_, or_

from tracker.api.framework import Problem
from tracker.extensions import db


def encode(moment: datetime | None, row_id: int) -> str:
    raw = json.dumps([moment.isoformat() if moment else None, row_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        moment, row_id = json.loads(raw)
        if not isinstance(row_id, int) or not 0 < row_id < 2**31:
            raise ValueError
        return (datetime.fromisoformat(moment) if moment else None), row_id
    except (ValueError, TypeError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Problem(422, "Con trỏ trang (cursor) không hợp lệ; hãy dùng đúng next_cursor của trang trước.",
                      errors={"cursor": ["Không hợp lệ."]}) from error


def keyset(stmt: Select, stamp, id_column, args: dict, *, rows=None) -> tuple[list, str | None]:
    """One page of `stmt` ordered by (stamp, id): `updated_since` and `cursor` from `args`; returns the rows (the
    first column's objects unless `rows` says how to read a result row) and the next cursor."""
    if args.get("updated_since") is not None:
        stmt = stmt.where(stamp >= args["updated_since"])
    if args.get("cursor"):
        moment, last_id = decode(args["cursor"])
        if moment is None:
            raise Problem(422, "Con trỏ trang (cursor) không hợp lệ.", errors={"cursor": ["Không hợp lệ."]})
        stmt = stmt.where(or_(stamp > moment, and_(stamp == moment, id_column > last_id)))
    limit = args.get("limit") or 50
    # NULL sorts first on SQLite and last on PostgreSQL: no stamp is NULL (a default and the migration's backfill)
    stmt = stmt.order_by(stamp.asc(), id_column.asc()).limit(limit + 1)
    result = db.session.execute(stmt).unique().all()
    found = [rows(r) if rows else r[0] for r in result]
    more = len(found) > limit
    found = found[:limit]
    if not more:
        return found, None
    head = result[limit - 1]
    if stamp.key in head._mapping:  # a statement of columns (the hot lists)
        return found, encode(head._mapping[stamp.key], head._mapping["id"])
    listed = head[0]  # else the listed object is the first column
    return found, encode(getattr(listed, stamp.key), listed.id)
