"""Clock helpers: UTC timestamps for storage, Asia/Ho_Chi_Minh for the calendar date users live in."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Naive UTC now, the storage convention for every *_at column."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def today_vn() -> date:
    """Today's date in Vietnam."""
    return datetime.now(VN_TZ).date()


def to_vn(moment: datetime | None) -> datetime | None:
    """A stored naive-UTC timestamp as Vietnam local time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(VN_TZ)
