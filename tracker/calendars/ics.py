"""The deadline feed as iCalendar (RFC 5545 through `icalendar`): all-day events for tasks and owed reports."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event

from tracker.duties.models import STATUS_LABELS as REPORT_STATUS_LABELS
from tracker.plans.models import ROLE_LABELS
from tracker.tasks.deadlines import STATE_LABELS
from tracker.tasks.models import STATUS_LABELS

SUMMARY_CHARS = 90
REFRESH = timedelta(hours=4)


@dataclass
class FeedEvent:
    uid: str
    on: date
    summary: str
    description: str
    url: str


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """One line, cut at a word boundary with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.-") + "…"


def task_event(task, role: str | None, state: str, url: str, domain: str) -> FeedEvent:
    """A task's due date as an event: its plan, the unit's role, status and deadline state in the notes."""
    document = task.document
    lines = [f"Kế hoạch: {document.label}" + (f" – {document.issuer_name}" if document.issuer_name else ""),
             f"Vai trò: {ROLE_LABELS.get(role or '', role or '')}",
             f"Trạng thái: {STATUS_LABELS.get(task.status, task.status)} ({task.progress}%)",
             f"Tình trạng hạn: {STATE_LABELS.get(state, state)}", "", f"Nhiệm vụ: {task.text}", "", f"Xem: {url}"]
    return FeedEvent(f"task-{task.id}@{domain}", task.due_on, f"Hạn: {shorten(task.text)}", "\n".join(lines), url)


def submission_event(expected, status: str, url: str, domain: str) -> FeedEvent:
    """A report the unit owes, on its due date."""
    duty = expected.duty
    lines = [f"Báo cáo: {duty.title}", f"Kỳ báo cáo: {expected.period_label}",
             f"Đơn vị nộp: {expected.unit.name}", f"Nơi nhận: {duty.recipient.name}",
             f"Tình trạng: {REPORT_STATUS_LABELS.get(status, status)}", f"Căn cứ: {duty.document.label}", "",
             f"Xem và nộp: {url}"]
    summary = f"Hạn nộp báo cáo: {shorten(duty.title, 70)} ({expected.period_label})"
    return FeedEvent(f"report-{expected.id}@{domain}", expected.due_on, summary, "\n".join(lines), url)


def build_feed_ics(events: list[FeedEvent], *, name: str, stamp: datetime) -> bytes:
    """A VCALENDAR of all-day VEVENTs (CRLF lines folded at 75 octets, text escaped by `icalendar`)."""
    cal = Calendar()
    cal.add("prodid", "-//tracker//Lich cong viec//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT4H")  # an X- property: written as given, so in ISO 8601 form
    stamp = stamp.replace(tzinfo=timezone.utc) if stamp.tzinfo is None else stamp.astimezone(timezone.utc)
    seen: set[str] = set()
    for item in events:
        if item.uid in seen:  # a unit with two roles on one task gets one event
            continue
        seen.add(item.uid)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.on)
        event.add("dtend", item.on + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
