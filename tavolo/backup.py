"""``flask --app tavolo backup PATH`` and ``flask --app tavolo restore PATH``.

SQLite is copied with its online backup API (``sqlite3.Connection.backup``), which gives a
consistent copy while the app keeps running and writes the copy back page by page on
restore. PostgreSQL uses its own tools, found on the PATH: ``pg_dump --format=custom`` and
``pg_restore --clean --if-exists --single-transaction``, so a restore that fails half-way
changes nothing. The copy is written to a temporary name and renamed when complete, so
``PATH`` is never a half-written file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from tavolo.extensions import db


class BackupError(click.ClickException):
    """A clear Italian message and exit status 1."""


def _url() -> sa.engine.URL:
    return db.engine.url


def _sqlite_path(url: sa.engine.URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Il database SQLite è in memoria: non c'è nulla da copiare.")
    return Path(url.database)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"Il programma {name} non è stato trovato: installa i programmi client di "
            f"PostgreSQL (per esempio il pacchetto «postgresql-client») nella stessa versione "
            f"del server, oppure aggiungili al PATH.")
    return path


def _libpq(url: sa.engine.URL) -> tuple[str, dict]:
    """The connection address for pg_dump/pg_restore; the password goes in the environment,
    never on a command line others can read."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} non è riuscito (codice {result.returncode}):\n"
                          f"{result.stderr.strip()}")


def _sqlite_backup(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _check_sqlite_copy(path: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            copy.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} non è una copia del database di Tavolo ({exc}).") from exc


def make_backup(target: Path) -> None:
    """Write a complete copy of the database to ``target`` (which must not exist)."""
    url = _url()
    partial = target.with_name(target.name + ".parziale")
    partial.unlink(missing_ok=True)
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_path(url), partial)
    elif url.get_backend_name() == "postgresql":
        address, env = _libpq(url)
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
              f"--dbname={address}"], env, "pg_dump")
    else:
        raise BackupError(f"Database non supportato: {url.get_backend_name()}.")
    os.replace(partial, target)


def restore_backup(source: Path) -> None:
    """Replace the whole database with the copy in ``source``."""
    url = _url()
    # Pooled connections would hold locks (PostgreSQL) or stale pages (SQLite).
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _check_sqlite_copy(source)
        _sqlite_backup(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        address, env = _libpq(url)
        _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
              "--single-transaction", "--exit-on-error", f"--dbname={address}", str(source)],
             env, "pg_restore")
    else:
        raise BackupError(f"Database non supportato: {url.get_backend_name()}.")
    db.engine.dispose()


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copia l'intero database in PATH (SQLite: backup online; PostgreSQL: pg_dump)."""
    if path.exists():
        raise BackupError(f"{path} esiste già: scegli un altro nome, la copia non "
                          f"sovrascrive nulla.")
    if not path.parent.is_dir():
        raise BackupError(f"La cartella {path.parent} non esiste.")
    make_backup(path)
    click.echo(f"Copia del database salvata in {path} ({path.stat().st_size // 1024} KB).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Non chiedere conferma.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Sostituisce l'intero database con la copia in PATH (fatta con «backup»)."""
    if not path.is_file():
        raise BackupError(f"{path} non esiste.")
    if not yes:
        click.confirm(f"Tutto il contenuto attuale del database sarà sostituito da quello "
                      f"della copia {path}. Le modifiche fatte dopo la copia andranno perse. "
                      f"Continuare?", abort=True)
    restore_backup(path)
    click.echo(f"Database ripristinato dalla copia {path}.")
