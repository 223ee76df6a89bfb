"""``bench/load``: the check of accepted writes against the database, and (PostgreSQL, Redis)
a run of a few seconds through gunicorn and locust. No timing is asserted."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import sqlalchemy as sa

from bench import load
from tavolo.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def _write(app, statement: str, **values) -> None:
    with app.app_context():
        db.session.execute(sa.text(statement), values)
        db.session.commit()


def _ballot(app, fixture, email: str, number: int) -> None:
    _write(app, "INSERT INTO ballots (round_id, voter_hash, receipt, cast_at, updated_at, "
                "user_id) VALUES (:r, :h, :c, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :u)",
           r=fixture.round_id, h=f"{number:064x}", c=f"L{number:012d}",
           u=fixture.user_ids[email])
    with app.app_context():
        ballot = db.session.scalar(sa.text("SELECT max(id) FROM ballots"))
    for proposal in fixture.candidates[:load.CHOICES]:
        _write(app, "INSERT INTO ballot_entries (ballot_id, proposal_id, value) "
                    "VALUES (:b, :p, 1)", b=ballot, p=proposal)


def _comment(app, fixture, body: str) -> None:
    with app.app_context():
        author = db.session.scalar(sa.text("SELECT min(id) FROM users"))
        # Core insert: the columns' defaults (depth, timestamps) fill the rest.
        db.session.execute(sa.insert(db.metadata.tables["comments"]).values(
            proposal_id=fixture.proposals[0], author_id=author, body=body))
        db.session.commit()


@pytest.fixture()
def prepared(app):
    fixture = load.prepare(app, scale=1, seed=1, voters=3, readers=2)
    return app, fixture


def test_writes_stored_once_pass_the_check(prepared):
    app, fixture = prepared
    first, second = fixture.voters[:2]
    _ballot(app, fixture, first, 1)
    _ballot(app, fixture, second, 2)
    body = f"Commento [{fixture.run}] uno"
    _comment(app, fixture, body)
    reader = fixture.readers[0]
    _write(app, "UPDATE meeting_invitees SET rsvp = 'yes', rsvp_note = 'nota 1' "
                "WHERE meeting_id = :m AND person_id = :p",
           m=fixture.meeting_id, p=fixture.person_ids[reader])

    problems, counts = load.verify(app, fixture, load.Accepted(
        ballots={first, second}, comments=[body], rsvps={reader: "nota 1"}))

    assert problems == []
    assert counts == {"ballots": (2, 2), "comments": (1, 1), "rsvps": (1, 1)}


def test_lost_and_doubled_writes_and_server_errors_are_reported(prepared):
    app, fixture = prepared
    first, second, third = fixture.voters
    _ballot(app, fixture, first, 1)
    _ballot(app, fixture, first, 2)  # a second ballot for the same voter
    doubled = f"Commento [{fixture.run}] doppio"
    _comment(app, fixture, doubled)
    _comment(app, fixture, doubled)
    reader = fixture.readers[0]  # answered, but the row still says "no answer"

    problems, counts = load.verify(app, fixture, load.Accepted(
        ballots={first, second}, comments=[doubled, f"Commento [{fixture.run}] perso"],
        rsvps={reader: "nota persa"}, server_errors=2))

    text = "\n".join(problems)
    assert f"ballot accepted for {first}: 2 in the database" in text
    assert f"ballot accepted for {second}: 0 in the database" in text
    assert third not in text
    assert "comment accepted, 2 in the database" in text
    assert "comment accepted, 0 in the database" in text
    assert f"answer accepted for {reader}" in text
    assert "2 answers with status 5xx" in text
    assert counts["ballots"] == (2, 2) and counts["comments"] == (2, 2)


def _redis_url() -> str | None:
    url = os.environ.get("TAVOLO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1).close()
    except OSError:
        return None
    return url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.postgres_only
def test_a_short_load_run_stores_every_accepted_write():
    if importlib.util.find_spec("locust") is None:  # not imported: gevent would patch pytest
        pytest.skip("needs locust (the bench extra)")
    redis = _redis_url()
    if redis is None:
        pytest.skip("needs Redis (TAVOLO_TEST_REDIS_URL)")
    base = os.environ["TAVOLO_TEST_DATABASE_URL"]
    schema = f"tavolo_load_{hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]}"
    engine = sa.create_engine(load_url := base.replace("postgres://", "postgresql://", 1)
                              .replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bench.load", "--database",
             f"{base}{separator}options=-csearch_path%3D{schema}", "--workers", "2",
             "--duration", "6", "--users", "3", "--voters", "6", "--spawn-rate", "3",
             "--port", str(_free_port()), "--redis", redis],
            cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()
    assert load_url
    output = result.stdout
    assert result.returncode == 0, output + result.stderr[-3000:]
    assert "POST ballot" in output and "total" in output
    assert "ballots    accepted     6   in the database     6" in output
    assert "every accepted write stored once" in output
