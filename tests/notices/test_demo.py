"""The demo network's notices: public ones on the board, one pending, one in the archive."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeStatus


def test_demo_notices(app, client, runner, login):
    assert runner.invoke(args=["demo"]).exit_code == 0
    notices = db.session.scalars(sa.select(Notice)).all()
    assert len(notices) >= 6 and all(n.is_example for n in notices)
    assert [n.title for n in notices if n.status == NoticeStatus.PENDING] == [
        "Corso di salvamento per giovani del quartiere"]
    assert any(n.is_expired for n in notices)
    board = client.get("/notices/").get_data(as_text=True)
    assert "Bando regionale per tirocini di inclusione sociale" in board
    assert "Selezione di operatori" not in board  # core group only
    assert "Bando contributi per iniziative per il lavoro" not in board
    assert "Bando contributi per iniziative per il lavoro" in client.get(
        "/notices/archive").get_data(as_text=True)
    assert "Bando regionale" in client.get("/notices/feed.atom").get_data(as_text=True)
    login("coordinatore@example.org", app.config["DEMO_PASSWORD"])
    assert "Corso di salvamento" in client.get("/notices/queue").get_data(as_text=True)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Notice.id))) == len(notices)
