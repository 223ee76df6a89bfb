"""Index on comments by creation: the dashboard's newest comments across all proposals stop
after the few shown instead of sorting every comment of the window, and the count of new
comments reads the index only (it covers proposal, author and deletion).

Revision ID: 3b7d2f9c4a61
Revises: 7e38666d04e4
Create Date: 2026-12-05 19:40:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '3b7d2f9c4a61'
down_revision = '7e38666d04e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index('ix_comments_created_at',
                              ['created_at', 'id', 'proposal_id', 'author_id', 'deleted_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_created_at')
