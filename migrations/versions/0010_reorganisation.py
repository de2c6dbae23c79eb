"""access and reorganisation: who claimed a task, public documents, dated reorganisations of units

Revision ID: 0010_reorganisation
Revises: 0006_calendar_tokens
Create Date: 2026-11-29 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_reorganisation'
down_revision = '0006_calendar_tokens'
branch_labels = None
depends_on = None


def _backfill_effective_due(table):
    """effective_due_on = due_on, moved past weekends and holidays for the (few) distinct dates that need it."""
    from tracker.core.workdays import effective_due

    op.execute(f"UPDATE {table} SET effective_due_on = due_on")
    conn = op.get_bind()
    days = [row[0] for row in conn.execute(sa.text(f"SELECT DISTINCT due_on FROM {table} WHERE due_on IS NOT NULL"))]
    for day in days:
        day = sa.Date().result_processor(conn.dialect, None)(day) if isinstance(day, str) else day
        moved = effective_due(day)
        if moved != day:
            conn.execute(sa.text(f"UPDATE {table} SET effective_due_on = :moved WHERE due_on = :day"),
                         {"moved": moved, "day": day})


def upgrade():
    for table in ('task', 'expected_submission'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('effective_due_on', sa.Date(), nullable=True))
        _backfill_effective_due(table)
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_public', sa.Boolean(), nullable=False, server_default=sa.false()))
    # Documents already held: those of the central level, and those whose issuer is only a name, are public.
    op.execute("UPDATE document SET is_public = TRUE WHERE issuer_id IS NULL OR issuer_id IN "
               "(SELECT id FROM unit WHERE level = 'central')")
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.alter_column('is_public', server_default=None)
    op.create_table('document_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_recipient_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_document_recipient_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_recipient')),
    sa.UniqueConstraint('document_id', 'unit_id', name=op.f('uq_document_recipient_document_id_unit_id'))
    )
    with op.batch_alter_table('document_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_recipient_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_recipient_unit_id'), ['unit_id'], unique=False)
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_task_claimed_by_id_user'), 'user', ['claimed_by_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    for table in ('expected_submission', 'task'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('effective_due_on')
    with op.batch_alter_table('document_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_recipient_unit_id'))
        batch_op.drop_index(batch_op.f('ix_document_recipient_document_id'))
    op.drop_table('document_recipient')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('is_public')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_task_claimed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('claimed_by_id')
