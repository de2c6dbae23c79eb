"""search dense: an entry keeps only what a search reads from each match. A task's, update's or unit's heading and
text are read from its own row when it is a hit (search.queries.hit_text), and on PostgreSQL the folded text is
turned into the tsvectors as an entry is written (search.indexer) instead of kept beside them. The copies were half
of the table's 149 MB at national scale, more than PostgreSQL's default 128 MB of shared buffers, so a common
phrase's 32,000 matches were read again from the OS on every search (11,500 pages): now 78 MB. The table is
rewritten once (ALTER ... TYPE ... USING, which compacts it inside the migration's transaction). SQLite's FTS5
table still reads the folded text, which it keeps.

Downgrade: the columns as 0020 and 0022 made them; then `flask --app app tracker reindex` rebuilds the entries.

Revision ID: 0023_search_dense
Revises: 0022_search_head_tsv
Create Date: 2026-11-30 20:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0023_search_dense'
down_revision = '0022_search_head_tsv'
branch_labels = None
depends_on = None

OWN_ROW = "('task', 'update', 'unit')"  # kinds whose heading and text are read from their own row


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        # The tsvectors stay as they are, written by the application from now on.
        op.execute("ALTER TABLE search_entry ALTER COLUMN tsv DROP EXPRESSION, "
                   "ALTER COLUMN head_tsv DROP EXPRESSION")
        op.execute("ALTER TABLE search_entry ALTER COLUMN folded TYPE text USING '', "
                   f"ALTER COLUMN title TYPE text USING CASE WHEN kind IN {OWN_ROW} THEN '' ELSE title END, "
                   f"ALTER COLUMN body TYPE text USING CASE WHEN kind IN {OWN_ROW} THEN '' ELSE body END")
    else:
        op.execute(f"UPDATE search_entry SET title = '', body = '' WHERE kind IN {OWN_ROW}")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE search_entry DROP COLUMN head_tsv, DROP COLUMN tsv")
        op.execute("ALTER TABLE search_entry ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED")
        op.execute("CREATE INDEX search_entry_tsv_gin ON search_entry USING gin (tsv)")
        op.execute("ALTER TABLE search_entry ADD COLUMN head_tsv tsvector GENERATED ALWAYS AS "
                   "(CASE WHEN length(folded) > 1500 THEN to_tsvector('simple', left(folded, 1500)) END) STORED")
