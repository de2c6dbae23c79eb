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


def upgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_task_claimed_by_id_user'), 'user', ['claimed_by_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_task_claimed_by_id_user'), type_='foreignkey')
        batch_op.drop_column('claimed_by_id')
