"""assignment (role, task_id) index: the request test of roll-ups and reports reads it alone

Revision ID: 0005_assignment_role_index
Revises: 0004_reports
Create Date: 2026-11-23 03:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005_assignment_role_index'
down_revision = '0004_reports'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_role_task', ['role', 'task_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_role_task')
