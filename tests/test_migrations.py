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


def test_dense_search_entries_keep_matching_across_the_upgrade(tmp_path):
    """0023: entries written before it (folded text, copies of a unit's name) still match after it; a unit's copy is
    dropped (its hit reads the unit's row), and on PostgreSQL the folded text too, the tsvectors staying as they were
    and written by the application afterwards. Downgrading gives back the generated columns."""
    from flask_migrate import downgrade
    from sqlalchemy import text

    from tracker.search.indexer import write_entries
    from tracker.units.models import Unit

    app = make_app(database_url(tmp_path, "_dense"))
    with app.app_context():
        upgrade(directory=str(MIGRATIONS), revision="0022_search_head_tsv")
        long_text = "ke hoach " + "trien khai " * 300 + "diem nong"
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO search_entry (kind, ref_id, title, body, folded, updated_at) VALUES "
                              "('unit', 1, 'Công an xã', 'Công an xã', 'cong an xa', CURRENT_TIMESTAMP), "
                              "('document', 2, 'Kế hoạch 1', 'Kế hoạch …', :long, CURRENT_TIMESTAMP)"),
                         {"long": long_text})
        upgrade(directory=str(MIGRATIONS))
        postgresql = db.engine.dialect.name == "postgresql"
        with db.engine.begin() as conn:
            rows = dict(conn.execute(text("SELECT kind, title FROM search_entry")).all())
            assert rows == {"unit": "", "document": "Kế hoạch 1"}
            if postgresql:
                assert conn.scalar(text("SELECT count(*) FROM search_entry WHERE folded = ''")) == 2
                matched = conn.execute(text("SELECT kind FROM search_entry WHERE tsv @@ to_tsquery('simple', :q) "
                                            "ORDER BY kind"), {"q": "cong & xa"}).scalars().all()
                assert matched == ["unit"]
                assert conn.scalar(text("SELECT head_tsv IS NOT NULL FROM search_entry WHERE kind = 'document'"))
                # Written by the application now: a new entry gets both tsvectors from its folded text.
                write_entries(conn, [Unit(id=3, name="Thanh tra tỉnh", level="province", kind="thanh_tra")], [])
                assert conn.scalar(text("SELECT tsv @@ to_tsquery('simple', 'thanh & tra') AND head_tsv IS NULL "
                                        "FROM search_entry WHERE ref_id = 3"))
            else:
                matched = conn.execute(text("SELECT rowid FROM search_fts WHERE search_fts MATCH 'cong xa'")).all()
                assert len(matched) == 1
        downgrade(directory=str(MIGRATIONS), revision="0022_search_head_tsv")
        if postgresql:
            with db.engine.connect() as conn:
                generated = conn.execute(text("SELECT column_name FROM information_schema.columns WHERE "
                                              "table_name = 'search_entry' AND is_generated = 'ALWAYS'")).scalars()
                assert sorted(generated) == ["head_tsv", "tsv"]
        db.engine.dispose()
