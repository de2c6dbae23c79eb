"""report history: dated task events (status, claim, confirmation, progress) that reports read as at a period's end;
signed copies (the signed PDF of a finalised report or an issued plan); supplementary reports (báo cáo bổ sung)

Revision ID: 0013_report_history
Revises: 0016_search
Create Date: 2026-11-29 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_report_history'
down_revision = '0016_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('task_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('claimed_on', sa.Date(), nullable=True),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_task_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_id'], ['task.id'], name=op.f('fk_task_event_task_id_task'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_event'))
    )
    with op.batch_alter_table('task_event', schema=None) as batch_op:
        batch_op.create_index('ix_task_event_task_effective', ['task_id', 'effective_on'], unique=False)
    op.create_table('signed_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_signed_copy_document_id_document'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['file_id'], ['submission_file.id'], name=op.f('fk_signed_copy_file_id_submission_file')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_signed_copy_report_id_report'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_signed_copy_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_copy'))
    )
    with op.batch_alter_table('signed_copy', schema=None) as batch_op:
        batch_op.create_index('ix_signed_copy_document_id', ['document_id'], unique=False)
        batch_op.create_index('ix_signed_copy_report_id', ['report_id'], unique=False)
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='main', nullable=False))
        batch_op.add_column(sa.Column('supplements_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_report_supplements_id_report', 'report', ['supplements_id'], ['id'])
    # Tasks changed before history was kept: their known dates become the history. A claim counts from its claim
    # date, a completion from its confirmation; any other state from the day the task was entered.
    op.execute(
        "INSERT INTO task_event (task_id, kind, status, progress, claimed_on, effective_on, recorded_at) "
        "SELECT id, 'backfill', 'claimed', 100, claimed_on, claimed_on, CURRENT_TIMESTAMP FROM task "
        "WHERE status IN ('claimed', 'done') AND claimed_on IS NOT NULL")
    op.execute(
        "INSERT INTO task_event (task_id, kind, status, progress, claimed_on, effective_on, recorded_at) "
        "SELECT id, 'backfill', 'done', 100, claimed_on, COALESCE(confirmed_on, claimed_on, DATE(created_at)), "
        "CURRENT_TIMESTAMP FROM task WHERE status = 'done'")
    op.execute(
        "INSERT INTO task_event (task_id, kind, status, progress, claimed_on, effective_on, recorded_at) "
        "SELECT id, 'backfill', status, progress, NULL, DATE(created_at), CURRENT_TIMESTAMP FROM task "
        "WHERE status NOT IN ('not_started', 'claimed', 'done') OR (status = 'claimed' AND claimed_on IS NULL)")


def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_constraint('fk_report_supplements_id_report', type_='foreignkey')
        batch_op.drop_column('supplements_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('signed_copy', schema=None) as batch_op:
        batch_op.drop_index('ix_signed_copy_report_id')
        batch_op.drop_index('ix_signed_copy_document_id')

    op.drop_table('signed_copy')
    with op.batch_alter_table('task_event', schema=None) as batch_op:
        batch_op.drop_index('ix_task_event_task_effective')

    op.drop_table('task_event')
