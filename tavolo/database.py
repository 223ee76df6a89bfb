"""Database set-up: SQLite pragmas and the model registry."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from tavolo.extensions import db


def _sqlite_pragmas(timeout_ms: int):
    def set_pragmas(dbapi_connection, _record) -> None:
        """WAL lets readers work while one writer commits; foreign keys are off by default;
        a write waits ``timeout_ms`` for another writer, then fails (503, see tavolo.busy)."""
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
    return set_pragmas


def _postgres_lock_timeout(timeout_ms: int):
    def set_timeout(dbapi_connection, _record) -> None:
        """A write waiting for a row or table lock gives up after ``timeout_ms`` (503)."""
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {int(timeout_ms)}")
        cursor.close()
        dbapi_connection.commit()
    return set_timeout


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
        timeout_ms = int(app.config.get("DATABASE_LOCK_TIMEOUT_MS") or 5000)
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas(
                app.config.get("SQLITE_BUSY_TIMEOUT_MS") or timeout_ms))
        elif engine.dialect.name == "postgresql":
            sa.event.listen(engine, "connect", _postgres_lock_timeout(timeout_ms))
