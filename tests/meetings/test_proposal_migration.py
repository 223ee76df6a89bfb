"""The migration adding agenda_items.proposal_id keeps every existing link to agenda items.

On SQLite it rebuilds the table; with foreign keys on, that used to fire ON DELETE SET NULL
on the decisions and action items pointing at the items.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from tavolo.extensions import db

BEFORE = "79285632189e"
ROWS = {
    "meeting_decisions": "SELECT id, agenda_item_id FROM meeting_decisions ORDER BY id",
    "action_items": "SELECT id, agenda_item_id FROM action_items ORDER BY id",
    "agenda_items": "SELECT id, meeting_id, position, title FROM agenda_items ORDER BY id",
}


def _snapshot(connection) -> dict:
    return {name: connection.execute(sa.text(sql)).all() for name, sql in ROWS.items()}


def test_links_to_agenda_items_survive_upgrade_and_downgrade(app):
    db.session.remove()
    downgrade(revision=BEFORE)
    now = "2026-01-13 14:00:00"
    with db.engine.begin() as connection:
        meeting = connection.execute(sa.text(
            "INSERT INTO meetings (uid, title, kind, status, visibility, starts_at, ends_at, "
            "place, online_url, description, sequence, agenda_version, cancel_reason, "
            "is_example, created_at, updated_at) VALUES ('m-1', 'Riunione', 'core', 'held', "
            "'core', :t, :t2, '', '', '', 0, 0, '', false, :t, :t) RETURNING id"),
            {"t": now, "t2": "2026-01-13 16:00:00"}).scalar_one()
        person = connection.execute(sa.text(
            "INSERT INTO people (name, email, phone, role, notes, is_example, version, "
            "created_at, updated_at) VALUES ('Persona', '', '', '', '', false, 1, :t, :t) "
            "RETURNING id"), {"t": now}).scalar_one()
        for position in (1, 2):
            item = connection.execute(sa.text(
                "INSERT INTO agenda_items (meeting_id, position, kind, status, title, "
                "description, duration_minutes, decline_reason, notes, created_at, updated_at) "
                "VALUES (:m, :p, 'topic', 'accepted', :title, '', 15, '', '', :t, :t) "
                "RETURNING id"), {"m": meeting, "p": position, "title": f"Punto {position}",
                                  "t": now}).scalar_one()
            connection.execute(sa.text(
                "INSERT INTO meeting_decisions (meeting_id, agenda_item_id, text, position, "
                "created_at) VALUES (:m, :i, 'Deciso', :p, :t)"),
                {"m": meeting, "i": item, "p": position, "t": now})
            connection.execute(sa.text(
                "INSERT INTO action_items (meeting_id, agenda_item_id, what, owner_id, status, "
                "status_note, created_at, updated_at) "
                "VALUES (:m, :i, 'Da fare', :o, 'open', '', :t, :t)"),
                {"m": meeting, "i": item, "o": person, "t": now})
    with db.engine.connect() as connection:
        before = _snapshot(connection)
    assert all(row[1] is not None for row in before["meeting_decisions"] + before["action_items"])
    upgrade()
    with db.engine.connect() as connection:
        assert _snapshot(connection) == before
        assert connection.execute(sa.text(
            "SELECT count(*) FROM agenda_items WHERE proposal_id IS NULL")).scalar_one() == 2
    downgrade(revision=BEFORE)
    with db.engine.connect() as connection:
        assert _snapshot(connection) == before
    upgrade()
