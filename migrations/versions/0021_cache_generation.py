"""cache generation: a counter the database moves (deferred triggers, PostgreSQL) whenever what a user may see
changes (an assignment, a task's plan, a document or its issuer, the unit tree); tracker/core/generations.py keeps
each body's visible task ids and each issuer's body in the process under it, where they were read on every page.

Revision ID: 0021_cache_generation
Revises: 0020_search_tsvector
Create Date: 2026-11-30 03:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0021_cache_generation'
down_revision = '0020_search_tsvector'
branch_labels = None
depends_on = None

# The tables and changes that move the generation "visibility" (tracker.tasks.queries.visible_id_list,
# hidden_id_list; tracker.plans.queries._issuer_bodies): who is assigned a task, which plan a task belongs to, which
# documents there are and who issued them, where units sit and which of them are localities (bodies).
WATCHED = {
    "assignment": "INSERT OR DELETE OR UPDATE OF task_id, unit_id",
    "task": "INSERT OR DELETE OR UPDATE OF document_id",
    "document": "INSERT OR DELETE OR UPDATE OF issuer_id",
    "unit_closure": "INSERT OR DELETE OR UPDATE",
    "unit": "UPDATE OF kind",
}

# Deferred to the commit, so the counter's row is locked only while the transaction commits (never between two
# of its statements, where two writers could each wait for the other), and once per transaction however many
# rows it wrote (the setting is local to the transaction).
BUMP = """
CREATE FUNCTION bump_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tracker.visibility_bumped', true) IS DISTINCT FROM 'on' THEN
        UPDATE cache_generation SET value = value + 1 WHERE name = 'visibility';
        PERFORM set_config('tracker.visibility_bumped', 'on', true);
    END IF;
    RETURN NULL;
END
$$
"""


def upgrade():
    table = op.create_table(
        'cache_generation',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.BigInteger(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_cache_generation')))
    op.bulk_insert(table, [{'name': 'visibility', 'value': 0}])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(BUMP)
        for name, events in WATCHED.items():
            op.execute(f"CREATE CONSTRAINT TRIGGER {name}_visibility AFTER {events} ON {name} "
                       "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_visibility()")
            # TRUNCATE has no row triggers, nor deferred ones: counted at once (an administrator's act).
            op.execute(f"CREATE TRIGGER {name}_visibility_truncate AFTER TRUNCATE ON {name} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION bump_visibility()")


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {name}_visibility ON {name}")
            op.execute(f"DROP TRIGGER IF EXISTS {name}_visibility_truncate ON {name}")
        op.execute("DROP FUNCTION IF EXISTS bump_visibility()")
    op.drop_table('cache_generation')
