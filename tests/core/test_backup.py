"""The restore drill of the README, on the database under test (SQLite or PostgreSQL):
back up, change data, restore, compare."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tests.factories import make_organization, make_user


def _snapshot() -> dict:
    db.session.remove()
    return {
        "users": db.session.execute(sa.select(User.id, User.email, User.name)
                                    .order_by(User.id)).all(),
        "organizations": db.session.execute(sa.select(Organization.id, Organization.name)
                                            .order_by(Organization.id)).all(),
    }


def test_restore_drill_back_up_change_restore_compare(app, runner, tmp_path):
    organization_id = make_organization(name="Ente com'era").id
    make_user(email="prima@example.org", name="Prima")
    before = _snapshot()
    copy = tmp_path / "tavolo.backup"

    result = runner.invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "Copia del database salvata" in result.output and copy.stat().st_size > 0

    db.session.get(Organization, organization_id).name = "Ente cambiato"
    make_user(email="dopo@example.org", name="Dopo")
    db.session.commit()
    changed = _snapshot()
    assert changed != before

    refused = runner.invoke(args=["restore", str(copy)], input="n\n")
    assert refused.exit_code == 1 and "sarà sostituito" in refused.output
    assert _snapshot() == changed

    result = runner.invoke(args=["restore", str(copy)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Database ripristinato" in result.output
    assert _snapshot() == before

    # The app works on the restored database as before.
    make_user(email="ancora@example.org")
    assert len(_snapshot()["users"]) == len(before["users"]) + 1


def test_restore_without_questions_and_a_backup_never_overwrites(app, runner, tmp_path):
    make_user(email="prima@example.org")
    copy = tmp_path / "copia"
    assert runner.invoke(args=["backup", str(copy)]).exit_code == 0
    again = runner.invoke(args=["backup", str(copy)])
    assert again.exit_code == 1 and "esiste già" in again.output
    make_user(email="dopo@example.org")
    result = runner.invoke(args=["restore", "--yes", str(copy)])
    assert result.exit_code == 0, result.output
    assert [u.email for u in _snapshot()["users"]] == ["prima@example.org"]


def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(app, runner, tmp_path):
    make_user(email="resta@example.org")
    before = _snapshot()
    garbage = tmp_path / "non-una-copia"
    garbage.write_bytes(b"questo non e' un database\n" * 100)
    result = runner.invoke(args=["restore", "--yes", str(garbage)])
    assert result.exit_code == 1
    assert "non" in result.output.lower()
    assert _snapshot() == before


def test_a_missing_postgresql_tool_is_said_in_italian(app, monkeypatch):
    import click
    import pytest

    from tavolo.backup import _tool

    monkeypatch.setenv("PATH", "")
    with pytest.raises(click.ClickException, match="pg_dump non è stato trovato"):
        _tool("pg_dump")
