"""`flask --app app tracker scheduler` (the one scheduler process) and `flask --app app tracker remind` (one sweep)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

tracker_group = AppGroup("tracker", help="Việc định kỳ của tracker: nhắc hạn báo cáo.")


@tracker_group.command("remind")
def remind_command() -> None:
    """Run one reminder sweep now (idempotent) and print what it sent."""
    from tracker.duties.jobs import run_sweep

    result = run_sweep(current_app._get_current_object())
    if result.skipped:
        click.echo("Một tiến trình khác đang chạy nhắc hạn; bỏ qua lần này.")
        return
    click.echo(f"Đã gửi {result.reminders} lượt nhắc, {result.notifications} thông báo, {result.digests} thư tổng hợp.")


@tracker_group.command("scheduler")
@click.option("--hour", default=7, show_default=True, help="Giờ chạy hằng ngày (giờ Việt Nam).")
def scheduler_command(hour: int) -> None:
    """Run the scheduler in the foreground (one process per deployment): a sweep at start-up, then daily."""
    from tracker.duties.jobs import run_scheduler

    click.echo(f"Bộ lập lịch nhắc hạn đang chạy; nhắc hằng ngày lúc {hour:02d}:00. Ctrl+C để dừng.")
    run_scheduler(current_app._get_current_object(), hour=hour)
