"""Proposals, their versions, status history and comments; priority rounds and ballots.

Tables only added (issue 6): nothing existing changes. Ballots are unique per round and
voter hash, and per round and receipt, so one voter never has two ballots whatever the
concurrency; ballot entries and round proposals refuse to lose a proposal (RESTRICT).

Revision ID: 8e0f20bbc71b
Revises: 29c2088681cf
Create Date: 2026-11-25 03:06:21.933875

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8e0f20bbc71b'
down_revision = '29c2088681cf'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('priority_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('method', sa.Enum('dots', 'schulze', 'approval', 'score', name='round_method', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('dots_budget', sa.Integer(), nullable=True),
    sa.Column('dots_max_per_proposal', sa.Integer(), nullable=True),
    sa.Column('electorate', sa.Enum('core', 'network', name='round_electorate', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('ballot_unit', sa.Enum('person', 'organization', name='round_ballot_unit', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('results_visibility', sa.Enum('live', 'after_close', name='round_results_visibility', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('quorum_percent', sa.Integer(), nullable=True),
    sa.Column('ballot_salt', sa.String(length=64), nullable=False),
    sa.Column('electorate_size', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method <> 'dots' OR (dots_budget >= 1 AND dots_max_per_proposal >= 1 AND dots_max_per_proposal <= dots_budget)", name=op.f('ck_priority_rounds_dots_rules')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_priority_rounds_closes_after_opening')),
    sa.CheckConstraint('quorum_percent IS NULL OR (quorum_percent >= 0 AND quorum_percent <= 100)', name=op.f('ck_priority_rounds_quorum_is_a_percentage')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_priority_rounds_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority_rounds'))
    )
    with op.batch_alter_table('priority_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_priority_rounds_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_priority_rounds_opens_at'), ['opens_at'], unique=False)

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('voter_hash', sa.String(length=64), nullable=False),
    sa.Column('receipt', sa.String(length=20), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_ballots_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['priority_rounds.id'], name=op.f('fk_ballots_round_id_priority_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ballots_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('round_id', 'receipt', name='uq_ballots_round_receipt'),
    sa.UniqueConstraint('round_id', 'voter_hash', name='uq_ballots_round_voter')
    )
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'network', 'core', 'private', name='proposal_visibility', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('status', sa.Enum('open', 'voting', 'adopted', 'set_aside', name='proposal_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('resulting_project_id', sa.Integer(), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('version >= 1', name=op.f('ck_proposals_version_positive')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposals_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_proposals_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['resulting_project_id'], ['projects.id'], name=op.f('fk_proposals_resulting_project_id_projects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('resulting_project_id', name=op.f('uq_proposals_resulting_project_id'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_status'), ['status'], unique=False)

    op.create_table('ballot_entries',
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_ballot_entries_value_not_negative')),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_entries_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_ballot_entries_proposal_id_proposals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('ballot_id', 'proposal_id', name=op.f('pk_ballot_entries'))
    )
    with op.batch_alter_table('ballot_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_entries_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('edited_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by_id', sa.Integer(), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.CheckConstraint('depth >= 0', name=op.f('ck_comments_depth_not_negative')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_comments_author_id_users'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'], name=op.f('fk_comments_deleted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['comments.id'], name=op.f('fk_comments_parent_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_comments_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_comments_proposal_created', ['proposal_id', 'created_at'], unique=False)

    op.create_table('proposal_projects',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_proposal_projects_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_projects_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'project_id', name=op.f('pk_proposal_projects'))
    )
    with op.batch_alter_table('proposal_projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_projects_project_id'), ['project_id'], unique=False)

    op.create_table('proposal_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_proposal_revisions_edited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_revisions_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_revisions')),
    sa.UniqueConstraint('proposal_id', 'number', name='uq_proposal_revisions_number')
    )
    op.create_table('proposal_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.Enum('open', 'voting', 'adopted', 'set_aside', name='proposal_change_from', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('to_status', sa.Enum('open', 'voting', 'adopted', 'set_aside', name='proposal_change_to', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_proposal_status_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_status_changes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['priority_rounds.id'], name=op.f('fk_proposal_status_changes_round_id_priority_rounds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_status_changes'))
    )
    with op.batch_alter_table('proposal_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_status_changes_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('round_proposals',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_round_proposals_proposal_id_proposals'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['priority_rounds.id'], name=op.f('fk_round_proposals_round_id_priority_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'proposal_id', name=op.f('pk_round_proposals'))
    )
    with op.batch_alter_table('round_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_proposals_proposal_id'), ['proposal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('round_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_proposals_proposal_id'))

    op.drop_table('round_proposals')
    with op.batch_alter_table('proposal_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_status_changes_proposal_id'))

    op.drop_table('proposal_status_changes')
    op.drop_table('proposal_revisions')
    with op.batch_alter_table('proposal_projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_projects_project_id'))

    op.drop_table('proposal_projects')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index('ix_comments_proposal_created')
        batch_op.drop_index(batch_op.f('ix_comments_parent_id'))
        batch_op.drop_index(batch_op.f('ix_comments_author_id'))

    op.drop_table('comments')
    with op.batch_alter_table('ballot_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_entries_proposal_id'))

    op.drop_table('ballot_entries')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposals_status'))
        batch_op.drop_index(batch_op.f('ix_proposals_organization_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_created_at'))
        batch_op.drop_index(batch_op.f('ix_proposals_author_id'))

    op.drop_table('proposals')
    op.drop_table('ballots')
    with op.batch_alter_table('priority_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_priority_rounds_opens_at'))
        batch_op.drop_index(batch_op.f('ix_priority_rounds_closes_at'))

    op.drop_table('priority_rounds')
