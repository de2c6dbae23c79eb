"""`flask --app app tracker reindex`: rebuild the search index (after a bulk load or a restore)."""
from __future__ import annotations

import click

from tracker.duties.cli import tracker_group
from tracker.extensions import db


@tracker_group.command("reindex")
def reindex_command() -> None:
    """Rebuild the full-text search index from the database."""
    from tracker.search.indexer import reindex_all

    count = reindex_all()
    db.session.commit()
    click.echo(f"Đã lập lại chỉ mục tìm kiếm: {count} mục.")
