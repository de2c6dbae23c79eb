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


@tracker_group.command("reorganise")
@click.option("--id", "reorg_id", type=int, default=None, help="Áp dụng một đợt sắp xếp (mặc định: mọi đợt đã đến hạn).")
def reorganise_command(reorg_id: int | None) -> None:
    """Apply reorganisations whose effective date has come (or one by id), in one transaction each."""
    from tracker.core.exceptions import DomainError
    from tracker.core.timeutil import today_vn
    from tracker.extensions import db
    from tracker.units.models import Reorganisation
    from tracker.units.reorganisation import apply_due, apply_reorganisation

    if reorg_id is None:
        applied = apply_due(today=today_vn())
        db.session.commit()
        click.echo(f"Đã áp dụng {len(applied)} đợt sắp xếp: " + ", ".join(r.name for r in applied) if applied
                   else "Không có đợt sắp xếp nào đến hạn.")
        return
    reorg = db.session.get(Reorganisation, reorg_id)
    if reorg is None:
        raise click.ClickException(f"Không có đợt sắp xếp #{reorg_id}.")
    try:
        count = apply_reorganisation(actor=None, reorg=reorg, today=today_vn())
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Đã áp dụng “{reorg.name}”: {count} đơn vị.")


@tracker_group.command("scheduler")
@click.option("--hour", default=7, show_default=True, help="Giờ chạy hằng ngày (giờ Việt Nam).")
def scheduler_command(hour: int) -> None:
    """Run the scheduler in the foreground (one process per deployment): a sweep at start-up, then daily."""
    from tracker.duties.jobs import run_scheduler

    click.echo(f"Bộ lập lịch nhắc hạn đang chạy; nhắc hằng ngày lúc {hour:02d}:00. Ctrl+C để dừng.")
    run_scheduler(current_app._get_current_object(), hour=hour)
