"""api v1: updated_at on tasks, units, duties and expected submissions (incremental sync); idempotency keys

Revision ID: 0018_api_v1
Revises: 0017_api_clients
Create Date: 2026-11-29 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_api_v1'
down_revision = '0017_api_clients'
branch_labels = None
depends_on = None

# table -> what an existing row's updated_at starts as
BACKFILL = {
    'task': 'created_at',
    'unit': 'created_at',
    'reporting_duty': 'created_at',
    'expected_submission': 'COALESCE(last_submitted_at, CURRENT_TIMESTAMP)',
}


def upgrade():
    for table, source in BACKFILL.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('updated_at', sa.DateTime(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_updated_at'), ['updated_at'], unique=False)
        op.execute(f'UPDATE {table} SET updated_at = {source}')

    op.create_table('api_idempotency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('headers', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['api_client.id'], name=op.f('fk_api_idempotency_client_id_api_client'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_idempotency')),
    sa.UniqueConstraint('client_id', 'key', name=op.f('uq_api_idempotency_client_id_key'))
    )
    with op.batch_alter_table('api_idempotency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_idempotency_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('api_idempotency', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_idempotency_created_at'))
    op.drop_table('api_idempotency')
    for table in reversed(list(BACKFILL)):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_updated_at'))
            batch_op.drop_column('updated_at')
