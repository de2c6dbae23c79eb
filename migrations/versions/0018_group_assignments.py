"""group assignments: a task given to every unit of a kind and level within an area, one row per group

Revision ID: 0018_group_assignments
Revises: 0018_webhooks
Create Date: 2026-11-29 18:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_group_assignments'
down_revision = '0018_webhooks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('area_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_id'], ['unit.id'], name=op.f('fk_group_assignment_area_id_unit')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_group_assignment_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_group_assignment_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_assignment')),
    sa.UniqueConstraint('task_id', 'area_id', 'kind', 'level', name=op.f('uq_group_assignment_task_id_area_id_kind_level'))
    )
    with op.batch_alter_table('group_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_assignment_task_id'), ['task_id'], unique=False)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('group_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assignment_group_id'), ['group_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assignment_group_id_group_assignment'), 'group_assignment',
                                    ['group_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignment_group_id_group_assignment'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assignment_group_id'))
        batch_op.drop_column('group_id')
    with op.batch_alter_table('group_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_assignment_task_id'))

    op.drop_table('group_assignment')
