"""Notice board: ``notices`` and ``notice_settings``; documents may be attached to notices.

The owner kind of documents is a string with a CHECK constraint listing the kinds, so it
gains ``notice``. On SQLite, batch mode rebuilds ``documents``; dropping the old table with
foreign keys enforced would fire ``ON DELETE CASCADE`` on ``document_versions``, so foreign
keys are switched off around the rebuild (as in ``5e72ee3cd4b3``).

Revision ID: f577653564f2
Revises: bc89299969cb
Create Date: 2026-12-05 18:37:53.280218

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f577653564f2'
down_revision = 'bc89299969cb'
branch_labels = None
depends_on = None

OLD_KINDS = ('meeting', 'agenda_item', 'minutes', 'project', 'deliberation', 'proposal',
             'seminar')
NEW_KINDS = OLD_KINDS + ('notice',)


@contextmanager
def _sqlite_foreign_keys_off():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        with op.get_context().autocommit_block():
            op.execute('PRAGMA foreign_keys=OFF')
    try:
        yield
    finally:
        if sqlite:
            with op.get_context().autocommit_block():
                op.execute('PRAGMA foreign_keys=ON')
    if sqlite:
        problems = op.get_bind().exec_driver_sql('PRAGMA foreign_key_check').fetchall()
        if problems:
            raise RuntimeError(f'foreign keys broken by the table rebuild: {problems}')


def _owner_kinds(kinds):
    quoted = ", ".join(f"'{kind}'" for kind in kinds)
    with _sqlite_foreign_keys_off(), \
            op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_documents_document_owner_kind'), type_='check')
        batch_op.create_check_constraint('document_owner_kind', f'owner_kind IN ({quoted})')


def upgrade():
    op.create_table('notice_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('others_may_post', sa.Boolean(), nullable=False),
    sa.Column('approval_required', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_notice_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notice_settings'))
    )
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('funding', 'opportunity', 'event', 'law', 'other', name='notice_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'network', 'core', 'private', name='notice_visibility', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('status', sa.Enum('pending', 'published', 'rejected', name='notice_status', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('email_requested', sa.Boolean(), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("visibility <> 'private'", name=op.f('ck_notices_not_private')),
    sa.CheckConstraint('deadline IS NULL OR expires_on IS NULL OR deadline <= expires_on', name=op.f('ck_notices_deadline_before_expiry')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notices_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_notices_project_id_projects'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_notices_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notices_status'), ['status'], unique=False)
    _owner_kinds(NEW_KINDS)


def downgrade():
    op.execute("DELETE FROM document_versions WHERE document_id IN "
               "(SELECT id FROM documents WHERE owner_kind = 'notice')")
    op.execute("DELETE FROM documents WHERE owner_kind = 'notice'")
    _owner_kinds(OLD_KINDS)
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_status'))
        batch_op.drop_index(batch_op.f('ix_notices_published_at'))
        batch_op.drop_index(batch_op.f('ix_notices_project_id'))
        batch_op.drop_index(batch_op.f('ix_notices_expires_on'))
        batch_op.drop_index(batch_op.f('ix_notices_author_id'))

    op.drop_table('notices')
    op.drop_table('notice_settings')
