"""search tsvector (PostgreSQL): the folded text's tsvector stored beside it (a generated column, kept by the
database on every write) with its GIN index, in place of the index on the expression; ranking a common phrase
re-parsed the text of each of its 29,000 matches on every search. SQLite keeps its FTS5 table.

Revision ID: 0020_search_tsvector
Revises: 0019_assignment_unit_task
Create Date: 2026-11-29 22:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0020_search_tsvector'
down_revision = '0019_assignment_unit_task'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE search_entry ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED")
        op.execute("CREATE INDEX search_entry_tsv_gin ON search_entry USING gin (tsv)")
        op.execute("DROP INDEX IF EXISTS search_entry_tsv")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX search_entry_tsv ON search_entry USING gin (to_tsvector('simple', folded))")
        op.execute("DROP INDEX IF EXISTS search_entry_tsv_gin")
        op.execute("ALTER TABLE search_entry DROP COLUMN tsv")
