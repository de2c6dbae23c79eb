"""access and reorganisation: who claimed a task, public documents, dated reorganisations of units

Revision ID: 0010_reorganisation
Revises: 0009_hardening
Create Date: 2026-11-29 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_reorganisation'
down_revision = '0009_hardening'
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
    _reorganisation_tables()
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


def _reorganisation_tables():
    op.create_table('reorganisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_reorganisation_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reorganisation'))
    )
    with op.batch_alter_table('reorganisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reorganisation_effective_on'), ['effective_on'], unique=False)
    op.create_table('reorganisation_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reorganisation_id', sa.Integer(), nullable=False),
    sa.Column('old_unit_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('users_action', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['old_unit_id'], ['unit.id'], name=op.f('fk_reorganisation_item_old_unit_id_unit')),
    sa.ForeignKeyConstraint(['reorganisation_id'], ['reorganisation.id'], name=op.f('fk_reorganisation_item_reorganisation_id_reorganisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['successor_id'], ['unit.id'], name=op.f('fk_reorganisation_item_successor_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reorganisation_item')),
    sa.UniqueConstraint('reorganisation_id', 'old_unit_id', name=op.f('uq_reorganisation_item_reorganisation_id_old_unit_id'))
    )
    with op.batch_alter_table('reorganisation_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reorganisation_item_reorganisation_id'), ['reorganisation_id'], unique=False)
    op.create_table('reorganisation_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['reorganisation_item.id'], name=op.f('fk_reorganisation_override_item_id_reorganisation_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['successor_id'], ['unit.id'], name=op.f('fk_reorganisation_override_successor_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reorganisation_override')),
    sa.UniqueConstraint('item_id', 'kind', 'object_id', name=op.f('uq_reorganisation_override_item_id_kind_object_id'))
    )
    with op.batch_alter_table('reorganisation_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reorganisation_override_item_id'), ['item_id'], unique=False)


def downgrade():
    op.drop_table('reorganisation_override')
    op.drop_table('reorganisation_item')
    op.drop_table('reorganisation')
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
