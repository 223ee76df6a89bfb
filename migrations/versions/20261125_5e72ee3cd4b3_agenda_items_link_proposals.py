"""Agenda items link the network's proposal they bring to the meeting (agenda_items.proposal_id).

On SQLite, batch mode rebuilds ``agenda_items`` ("move and copy"). Dropping the old table
with foreign keys enforced would fire ``ON DELETE SET NULL`` on the decisions and action
items that point at agenda items, silently unlinking them, so foreign keys are switched off
around the rebuild, as SQLite's own procedure for altering a table prescribes (the pragma
only takes effect outside a transaction, hence the autocommit blocks).

Revision ID: 5e72ee3cd4b3
Revises: 79285632189e
Create Date: 2026-11-25 04:22:13.451912

"""
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e72ee3cd4b3'
down_revision = '79285632189e'
branch_labels = None
depends_on = None


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


def upgrade():
    with _sqlite_foreign_keys_off(), \
            op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposal_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agenda_items_proposal_id'), ['proposal_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_agenda_items_proposal_id_proposals'),
                                    'proposals', ['proposal_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with _sqlite_foreign_keys_off(), \
            op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agenda_items_proposal_id_proposals'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agenda_items_proposal_id'))
        batch_op.drop_column('proposal_id')
