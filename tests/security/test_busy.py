"""A database held by another writer: 503 with the form and the typed text, never a 500
(issue 16, point 9)."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.proposals.models import Comment, Proposal
from tests.conftest import BACKEND
from tests.factories import make_member_person, make_proposal

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="locks the SQLite file")
BUSY = "Il database è occupato: riprova tra qualche secondo."


@pytest.fixture
def app_config(app_config):
    app_config["SQLITE_BUSY_TIMEOUT_MS"] = 50
    return app_config


@contextmanager
def write_locked(app):
    """Another process holding the write lock, as a long import or a backup would."""
    path = db.engine.url.database
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_comment_posted_while_the_database_is_busy_comes_back_with_its_text(app, client,
                                                                               login):
    user, _person = make_member_person(Role.MEMBER)
    proposal = make_proposal(user)
    login(user)
    text = "Un commento lungo e pensato, che non deve andare perso."
    with write_locked(app):
        response = client.post(f"/proposals/{proposal.id}/comments", data={"body": text})
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert BUSY in page.replace("&#39;", "'")
        assert text in page and "<textarea" in page
        fragment = client.post(f"/proposals/{proposal.id}/comments", data={"body": text},
                               headers={"HX-Request": "true"})
        assert fragment.status_code == 503
        assert text in fragment.get_data(as_text=True) and BUSY in fragment.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 0
    response = client.post(f"/proposals/{proposal.id}/comments", data={"body": text})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(Comment.body)) == text


def test_a_new_proposal_posted_while_the_database_is_busy_keeps_title_and_body(app, client,
                                                                                login):
    user, _person = make_member_person(Role.MEMBER)
    login(user)
    data = {"title": "Sportello lavoro nei quartieri", "body": "Apriamo uno sportello.",
            "visibility": "network", "organization_id": "0"}
    with write_locked(app):
        response = client.post("/proposals/new", data=data)
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert BUSY in page.replace("&#39;", "'")
        assert data["title"] in page and data["body"] in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 0
    assert client.post("/proposals/new", data=data).status_code == 303
