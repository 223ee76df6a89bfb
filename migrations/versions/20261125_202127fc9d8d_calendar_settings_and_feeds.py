"""Calendar: per-user settings (reminder, secret feed address stored as a random part and a
hash, never the address itself) and the last version served by each feed (ETag and the
moment it changed, for 304 answers).

Revision ID: 202127fc9d8d
Revises: 5e72ee3cd4b3
Create Date: 2026-11-25 04:27:45.886942

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '202127fc9d8d'
down_revision = '5e72ee3cd4b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed_states',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_calendar_feed_states'))
    )
    op.create_table('calendar_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reminder_minutes', sa.Integer(), nullable=True),
    sa.Column('feed_salt', sa.String(length=64), nullable=True),
    sa.Column('feed_token_hash', sa.String(length=64), nullable=True),
    sa.Column('feed_created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('feed_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(feed_salt IS NULL) = (feed_token_hash IS NULL)', name=op.f('ck_calendar_settings_feed_salt_with_hash')),
    sa.CheckConstraint('reminder_minutes IS NULL OR reminder_minutes BETWEEN 0 AND 40320', name=op.f('ck_calendar_settings_reminder_range')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_settings')),
    sa.UniqueConstraint('feed_token_hash', name=op.f('uq_calendar_settings_feed_token_hash'))
    )


def downgrade():
    op.drop_table('calendar_settings')
    op.drop_table('calendar_feed_states')
