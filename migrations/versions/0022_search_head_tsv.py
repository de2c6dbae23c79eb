"""search head tsvector (PostgreSQL): the first 1,500 folded characters of a longer entry as a tsvector of their
own, what a search ranks it by. A plan's full text (10–60 KB) made ts_rank read and walk a 7 KB vector for each
of the country's 3,300 plans matching a common phrase (85 ms of a search's 190); every task, update and unit is
shorter than that, so their rank is unchanged. Matching still uses the whole text (tsv), and the best matches are
still ordered by how close the words stand in it.

Revision ID: 0022_search_head_tsv
Revises: 0021_cache_generation
Create Date: 2026-11-30 07:15:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0022_search_head_tsv'
down_revision = '0021_cache_generation'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        # Only for the long entries (documents, reports): a short one is ranked by its tsv, and a copy of it in
        # every row would double the rows a common phrase's matches are read from.
        op.execute("ALTER TABLE search_entry ADD COLUMN head_tsv tsvector GENERATED ALWAYS AS "
                   "(CASE WHEN length(folded) > 1500 THEN to_tsvector('simple', left(folded, 1500)) END) STORED")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE search_entry DROP COLUMN head_tsv")
