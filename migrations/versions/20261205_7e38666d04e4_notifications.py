"""Notifications: preferences per user and kind, network defaults, daily digests and their
items, round reminders sent (once per round, user and kind), extra headers on outbox mail.

Revision ID: 7e38666d04e4
Revises: 85d0b299918c
Create Date: 2026-12-05 18:37:48.376613

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7e38666d04e4'
down_revision = '85d0b299918c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_defaults',
    sa.Column('kind', sa.Enum('meetings', 'agenda', 'minutes', 'rounds', 'replies', 'notices', 'seminars', name='notification_default_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('delivery', sa.Enum('immediate', 'digest', 'off', name='notification_default_delivery', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_notification_defaults'))
    )
    op.create_table('notification_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digests')),
    sa.UniqueConstraint('user_id', 'day', name='uq_notification_digests_day')
    )
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('meetings', 'agenda', 'minutes', 'rounds', 'replies', 'notices', 'seminars', name='notification_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('delivery', sa.Enum('immediate', 'digest', 'off', name='notification_delivery', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notification_digest_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.Enum('meetings', 'agenda', 'minutes', 'rounds', 'replies', 'notices', 'seminars', name='digest_item_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('link', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['digest_id'], ['notification_digests.id'], name=op.f('fk_notification_digest_items_digest_id_notification_digests'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_digest_items_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_digest_items'))
    )
    with op.batch_alter_table('notification_digest_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_digest_items_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_notification_digest_items_waiting', ['digest_id', 'day'], unique=False)

    op.create_table('round_reminders',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('opened', 'closing', name='round_reminder_kind', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['priority_rounds.id'], name=op.f('fk_round_reminders_round_id_priority_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_round_reminders_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'user_id', 'kind', name=op.f('pk_round_reminders'))
    )
    with op.batch_alter_table('round_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_reminders_user_id'), ['user_id'], unique=False)

    # A plain ADD COLUMN on both databases (no table rebuild of the outbox).
    op.add_column('outbox_messages',
                  sa.Column('headers', sa.JSON(), server_default='{}', nullable=False))



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('headers')

    with op.batch_alter_table('round_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_reminders_user_id'))

    op.drop_table('round_reminders')
    with op.batch_alter_table('notification_digest_items', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_digest_items_waiting')
        batch_op.drop_index(batch_op.f('ix_notification_digest_items_user_id'))

    op.drop_table('notification_digest_items')
    op.drop_table('notification_preferences')
    op.drop_table('notification_digests')
    op.drop_table('notification_defaults')
