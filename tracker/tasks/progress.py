"""A plan's completion over time: the share of its tasks confirmed done by the end of each month."""
from __future__ import annotations

from datetime import date


def completion_over_time(tasks, start: date | None, today: date, max_points: int = 24) -> list[dict]:
    """Monthly points from the plan's month to this month (the last `max_points`): label "5/2026", done, total,
    percent. `tasks` are the tasks the user sees; a task counts from the day its completion was confirmed."""
    tasks = list({t.id: t for t in tasks}.values())
    if not tasks:
        return []
    first = start or min((t.created_at.date() for t in tasks if t.created_at), default=today)
    first = min(first, today)
    months = []
    year, month = first.year, first.month
    while (year, month) <= (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    done_on = [t.confirmed_on for t in tasks if t.status == "done" and t.confirmed_on]
    points = []
    for year, month in months[-max_points:]:
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        done = sum(1 for day in done_on if day < end)
        points.append(dict(label=f"{month}/{year}", done=done, total=len(tasks),
                           percent=round(100.0 * done / len(tasks), 1)))
    return points
