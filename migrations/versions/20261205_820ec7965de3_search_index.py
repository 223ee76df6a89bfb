"""Search index: ``search_entries`` (both databases) and the engine's full-text table.

SQLite gets an FTS5 virtual table ``search_fts(title, body, words)`` (stems computed by the
app with Snowball; ``remove_diacritics``). PostgreSQL gets the ``unaccent`` extension (in
schema ``public`` unless it is already installed elsewhere), two text search configurations
(``tavolo_it`` = ``italian`` with ``unaccent`` before the stemmer, ``tavolo_simple`` =
``simple`` with ``unaccent``) and ``search_fts(entry_id, document, words)`` with GIN indexes.
``search_fts`` is not a model (see ``tavolo.database.UNMANAGED_TABLE_PREFIXES``). Run
``flask --app tavolo search reindex`` after upgrading a database that already has data.

Revision ID: 820ec7965de3
Revises: 96acae772e9d
Create Date: 2026-12-05 15:06:29.642589

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '820ec7965de3'
down_revision = '96acae772e9d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'network', 'core', 'private', name='search_entry_visibility', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('happened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('context', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_search_entries_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_search_entries_project_id_projects'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entries')),
    sa.UniqueConstraint('source', 'object_id', name='uq_search_entries_source_object')
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_entries_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_entries_year'), ['year'], unique=False)

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        _create_postgresql_fts(bind)
    else:
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5("
                   "title, body, words, "
                   "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')")


def _create_postgresql_fts(bind):
    find = sa.text("SELECT n.nspname FROM pg_extension e "
                   "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'")
    schema = bind.execute(find).scalar()
    if schema is None:
        # In ``public``, not in the first schema of the search path, so that dropping an
        # application schema never takes the extension with it.
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
        schema = bind.execute(find).scalar()
    unaccent = f'"{schema}".unaccent'
    op.execute("CREATE TEXT SEARCH CONFIGURATION tavolo_it (COPY = pg_catalog.italian)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION tavolo_it ALTER MAPPING FOR hword, hword_part, "
               f"word WITH {unaccent}, pg_catalog.italian_stem")
    op.execute("CREATE TEXT SEARCH CONFIGURATION tavolo_simple (COPY = pg_catalog.simple)")
    op.execute("ALTER TEXT SEARCH CONFIGURATION tavolo_simple ALTER MAPPING FOR hword, "
               f"hword_part, word WITH {unaccent}, pg_catalog.simple")
    op.execute("CREATE TABLE search_fts ("
               "entry_id integer PRIMARY KEY "
               "CONSTRAINT fk_search_fts_entry_id_search_entries "
               "REFERENCES search_entries (id) ON DELETE CASCADE, "
               "document tsvector NOT NULL, words tsvector NOT NULL)")
    op.execute("CREATE INDEX ix_search_fts_document ON search_fts USING gin (document)")
    op.execute("CREATE INDEX ix_search_fts_words ON search_fts USING gin (words)")


def downgrade():
    op.execute("DROP TABLE IF EXISTS search_fts")
    if op.get_bind().dialect.name == "postgresql":
        # The extension stays: other schemas or applications may use it.
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS tavolo_it")
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS tavolo_simple")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_entries_year'))
        batch_op.drop_index(batch_op.f('ix_search_entries_project_id'))
        batch_op.drop_index(batch_op.f('ix_search_entries_owner_id'))

    op.drop_table('search_entries')
