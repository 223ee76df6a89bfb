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


def init_app(app: Flask) -> None:
    import tavolo.models  # noqa: F401  (register every table)

    db.init_app(app)
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
