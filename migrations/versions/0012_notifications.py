"""notifications: task events in the bell (task link, mail mode), per-user preferences, inbox read marks

Revision ID: 0012_notifications
Revises: 0013_report_history
Create Date: 2026-11-29 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_notifications'
down_revision = '0013_report_history'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_preference_user_id_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_preference')),
    sa.UniqueConstraint('user_id', 'kind', name=op.f('uq_notification_preference_user_id_kind'))
    )
    op.create_table('document_read',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_document_read_document_id_document'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_document_read_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_read')),
    sa.UniqueConstraint('user_id', 'document_id', name=op.f('uq_document_read_user_id_document_id'))
    )
    with op.batch_alter_table('document_read', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_read_document_id'), ['document_id'], unique=False)
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('mail_mode', sa.String(length=10), server_default='digest', nullable=False))
        batch_op.create_index(batch_op.f('ix_notification_task_id'), ['task_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notification_task_id_task'), 'task', ['task_id'], ['id'],
                                    ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_task_id_task'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notification_task_id'))
        batch_op.drop_column('mail_mode')
        batch_op.drop_column('task_id')
    with op.batch_alter_table('document_read', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_read_document_id'))
    op.drop_table('document_read')
    op.drop_table('notification_preference')
