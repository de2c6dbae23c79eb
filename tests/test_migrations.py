"""Migrations: one head, and an empty database upgraded to head matches the models (no drift)."""
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from tests.conftest import database_url, make_app
from tracker.extensions import db, described_by_models

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_single_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_empty_database_matches_models(tmp_path):
    app = make_app(database_url(tmp_path, "_migrations"))
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                             "include_object": described_by_models})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == [], diff
