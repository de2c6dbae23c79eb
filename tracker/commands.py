"""CLI commands: `flask --app app demo` loads the demo data and prints the demo users."""
from __future__ import annotations

import click
from flask import Flask

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

    app.cli.add_command(tracker_group)

    from tracker.plans.commands import plans_cli

    app.cli.add_command(plans_cli)
