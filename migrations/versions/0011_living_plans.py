"""living plans: a task can be withdrawn (thu hồi) with a date and a reason; a submission can be a plan saved in tracker

Revision ID: 0011_living_plans
Revises: 0008_import_jobs
Create Date: 2026-11-29 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_living_plans'
down_revision = '0008_import_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_upper',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('upper_task_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_upper_task_id_task'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['upper_task_id'], ['task.id'], name=op.f('fk_task_upper_upper_task_id_task'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_upper')),
    sa.UniqueConstraint('task_id', 'upper_task_id', name=op.f('uq_task_upper_task_id_upper_task_id'))
    )
    with op.batch_alter_table('task_upper', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_upper_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_upper_upper_task_id'), ['upper_task_id'], unique=False)
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_task_withdrawn_on'), ['withdrawn_on'], unique=False)
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('officer_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assignment_officer_id'), ['officer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assignment_officer_id_user'), 'user', ['officer_id'], ['id'],
                                    ondelete='SET NULL')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('revoked_kind', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('revoked_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_submission_document_id_document'), 'document', ['document_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    op.drop_table('task_upper')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_submission_document_id_document'), type_='foreignkey')
        batch_op.drop_column('document_id')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assignment_officer_id_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assignment_officer_id'))
        batch_op.drop_column('officer_id')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('revoked_reason')
        batch_op.drop_column('revoked_kind')
        batch_op.drop_column('revoked_on')
    with op.batch_alter_table('task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_withdrawn_on'))
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_on')
