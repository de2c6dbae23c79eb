"""unit proposals: unit names editors' plans use, awaiting an admin

Revision ID: 0007_unit_proposals
Revises: 0006_calendar_tokens
Create Date: 2026-11-29 14:26:34.159954

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_unit_proposals'
down_revision = '0006_calendar_tokens'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('unit_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_unit_proposal_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_proposal_parent_id_unit')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_unit_proposal_proposed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_proposal_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_proposal'))
    )
    with op.batch_alter_table('unit_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_proposal_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_proposal_status'), ['status'], unique=False)

    op.create_table('pending_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['unit_proposal.id'], name=op.f('fk_pending_assignment_proposal_id_unit_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_pending_assignment_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_assignment')),
    sa.UniqueConstraint('proposal_id', 'task_id', 'role', name=op.f('uq_pending_assignment_proposal_id_task_id_role'))
    )
    with op.batch_alter_table('pending_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_assignment_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_assignment_task_id'), ['task_id'], unique=False)



def downgrade():
    with op.batch_alter_table('pending_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_assignment_task_id'))
        batch_op.drop_index(batch_op.f('ix_pending_assignment_proposal_id'))

    op.drop_table('pending_assignment')
    with op.batch_alter_table('unit_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_proposal_status'))
        batch_op.drop_index(batch_op.f('ix_unit_proposal_parent_id'))

    op.drop_table('unit_proposal')
