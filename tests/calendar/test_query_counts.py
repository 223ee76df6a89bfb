"""The personal feed on a large calendar uses a fixed number of SQL queries."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Meeting
from tavolo.types import ROME, utcnow
from tests.calendar.helpers import parse


def bulk_meetings(count: int, around: dt.date | None = None, *, agenda: int = 3,
                  created_by_id: int | None = None) -> None:
    """``count`` meetings, one a day backwards and forwards from ``around`` (default today),
    mixed kinds and statuses, each with ``agenda`` items, with two bulk inserts."""
    around = around or dt.datetime.now(ROME).date()
    now = utcnow()
    kinds = [("core", "core"), ("enlarged", "network"), ("enlarged", "public")]
    statuses = ["scheduled", "held", "cancelled", "draft"]
    rows = []
    for n in range(count):
        day = around + dt.timedelta(days=n // 2 - count // 4)
        start = dt.datetime.combine(day, dt.time(9 + n % 8), tzinfo=ROME).astimezone(dt.UTC)
        kind, visibility = kinds[n % 3]
        rows.append({"uid": str(uuid.uuid4()), "title": f"Riunione {n}", "kind": kind,
                     "status": statuses[n % 4], "visibility": visibility, "starts_at": start,
                     "ends_at": start + dt.timedelta(hours=2), "place": f"Sala {n % 7}",
                     "online_url": "", "description": "", "cancel_reason": "", "sequence": n % 3,
                     "agenda_version": 0, "is_example": False, "created_at": now,
                     "updated_at": now, "created_by_id": created_by_id})
    db.session.execute(sa.insert(Meeting), rows)
    ids = db.session.scalars(sa.select(Meeting.id)).all()
    items = [{"meeting_id": mid, "title": f"Punto {p}", "position": p, "kind": "topic",
              "status": "accepted", "duration_minutes": 20, "description": "", "notes": "",
              "decline_reason": "", "created_at": now, "updated_at": now}
             for mid in ids for p in range(1, agenda + 1)]
    if items:
        db.session.execute(sa.insert(AgendaItem), items)
    db.session.commit()


def test_the_feed_uses_the_same_few_queries_for_ten_or_two_thousand_events(
        app, client, login, people, count_queries):
    login(people.member)
    client.post("/calendar/feed")
    page = client.get("/account").get_data(as_text=True)
    path = re.search(r'id="calendar-feed-url" value="http://tavolo\.test([^"]+)"',
                     page).group(1)
    reader = app.test_client()
    reader.get(path)  # the feed's first answer also stores its state; count the usual ones
    figures = []
    for total in (10, 2000):
        db.session.execute(sa.delete(AgendaItem))
        db.session.execute(sa.delete(Meeting))
        db.session.commit()
        bulk_meetings(total, created_by_id=people.coordinator.id)
        with count_queries() as queries:
            response = reader.get(path)
        assert response.status_code == 200
        figures.append(len(queries))
        events = parse(response.data)[1]
        assert len(events) > total // 3
    # One query per calendar source more (meetings, seminars) than the feed's own few.
    assert figures[0] == figures[1] and figures[1] <= 7, figures
