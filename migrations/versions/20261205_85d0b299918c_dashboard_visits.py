"""Dashboard visits: when each user last saw the dashboard (what is "new since my last visit").

Revision ID: 85d0b299918c
Revises: f577653564f2
Create Date: 2026-12-05 18:37:47.502738

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '85d0b299918c'
down_revision = 'f577653564f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dashboard_visits',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('previous_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_dashboard_visits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_dashboard_visits'))
    )


def downgrade():
    op.drop_table('dashboard_visits')
