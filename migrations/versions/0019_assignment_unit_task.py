"""assignment (unit_id, task_id) index: "the tasks of these units" (a province's 2,450 units in the monitor view's
visibility test) reads this index alone instead of scanning a million assignments; it replaces the single-column
unit_id index (unit_id-first lookups are served by it and by (unit_id, role))

Revision ID: 0019_assignment_unit_task
Revises: 0018_group_assignments
Create Date: 2026-11-29 21:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0019_assignment_unit_task'
down_revision = '0018_group_assignments'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_unit_task', ['unit_id', 'task_id'], unique=False)
        batch_op.drop_index('ix_assignment_unit_id')


def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_unit_id', ['unit_id'], unique=False)
        batch_op.drop_index('ix_assignment_unit_task')
