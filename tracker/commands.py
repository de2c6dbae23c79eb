"""CLI commands: `flask --app app demo` loads the demo data and prints the demo users."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from tracker.extensions import db


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

    @app.cli.command("demo")
    def demo_command() -> None:
        """Load the demo organisation tree, documents and users (once) and print the logins."""
        from tracker.demo import DEMO_PASSWORD, load_demo

        users = load_demo()
        db.session.commit()
        click.echo("Dữ liệu mẫu đã sẵn sàng. Tài khoản đăng nhập (mật khẩu chung: %s):" % DEMO_PASSWORD)
        for username, role, unit in users:
            click.echo(f"  {username:<20} {role:<40} {unit}")

    from tracker.duties.cli import tracker_group
    from tracker.search import commands as search_commands  # noqa: F401  (adds `tracker reindex`)

    tracker_group.add_command(files_group)
    app.cli.add_command(tracker_group)

    from tracker.plans.commands import plans_cli

    app.cli.add_command(plans_cli)

    from tracker.api.webhook_jobs import webhooks_cli

    app.cli.add_command(webhooks_cli)


files_group = AppGroup("files", help="The file store (evidence, submitted documents and reports).")


@files_group.command("check")
def files_check() -> None:
    """List files no row refers to (orphans), rows whose file is missing, and temporary files of dead saves."""
    from sqlalchemy import select

    from tracker.core import storage
    from tracker.duties.models import SubmissionFile
    from tracker.tasks.models import Evidence

    referenced = set(db.session.scalars(select(Evidence.sha256))) | set(db.session.scalars(
        select(SubmissionFile.sha256)))
    result = storage.check(referenced)
    click.echo(f"Kho tệp: {storage.file_root()}")
    click.echo(f"Tệp được tham chiếu: {len(referenced)}; mồ côi: {len(result.orphans)}; "
               f"thiếu: {len(result.missing)}; tạm bỏ dở: {len(result.stale_tmp)}")
    for path in result.orphans:
        click.echo(f"  mồ côi  {path}")
    for key in result.missing:
        click.echo(f"  thiếu   {key}")
    for path in result.stale_tmp:
        click.echo(f"  tạm     {path}")
    if result.missing:
        raise SystemExit(1)
