"""Database set-up: SQLite pragmas and the model registry."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from tavolo.extensions import db


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers work while one writer commits; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


# Tables that migrations create but no model describes: the full-text table of the search
# index (an FTS5 virtual table and its shadow tables on SQLite, a tsvector table on
# PostgreSQL). Autogenerate and the models-versus-migrations test skip them.
UNMANAGED_TABLE_PREFIXES = ("search_fts",)


def include_name(name, type_, _parent_names) -> bool:
    """Alembic ``include_name`` hook: leave the unmanaged tables out of comparisons."""
    return not (type_ == "table" and name and name.startswith(UNMANAGED_TABLE_PREFIXES))


def init_app(app: Flask) -> None:
    import tavolo.models  # noqa: F401  (register every table)

    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
