"""search: one folded index row per document, task, update, report and unit; FTS5 (SQLite) or GIN (PostgreSQL)

Revision ID: 0016_search
Revises: 0007_unit_proposals
Create Date: 2026-11-29 15:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '0016_search'
down_revision = '0007_unit_proposals'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('kind', 'ref_id', name=op.f('uq_search_entry_kind_ref_id'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index('ix_search_entry_kind_year', ['kind', 'year'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX search_entry_tsv ON search_entry USING gin (to_tsvector('simple', folded))")
    else:
        # An external-content FTS5 table over search_entry.folded, kept in step by triggers.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entry', "
                   "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")
        op.execute("CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
                   "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END")
        op.execute("CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
                   "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END")
        op.execute("CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
                   "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); "
                   "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded); END")
    # Entries for what is already there: `flask --app app tracker reindex` (the app's code builds them).


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS search_entry_tsv")
    else:
        for trigger in ('search_entry_ai', 'search_entry_ad', 'search_entry_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entry_kind_year')
    op.drop_table('search_entry')
