"""The demo logins find their calendar settings ready, and the demo stays idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.calendar import feeds
from tavolo.calendar.models import CalendarSettings
from tavolo.extensions import db
from tests.calendar.helpers import parse


def test_the_demo_member_has_a_working_feed_and_the_demo_runs_twice(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = {s.user_id: (s.reminder_minutes, s.feed_token_hash)
             for s in db.session.scalars(sa.select(CalendarSettings))}
    assert runner.invoke(args=["demo"]).exit_code == 0
    again = {s.user_id: (s.reminder_minutes, s.feed_token_hash)
             for s in db.session.scalars(sa.select(CalendarSettings))}
    assert first == again and len(first) == 2
    member = db.session.scalar(sa.select(User).filter_by(email="membro@example.org"))
    token = feeds.token_of(db.session.get(CalendarSettings, member.id))
    response = app.test_client().get(f"/calendar/{token}.ics")
    _cal, events = parse(response.data)
    assert events and all(e.ical.subcomponents[0].decoded("trigger").total_seconds() == -7200
                          for e in events if e.status != "CANCELLED")
    assert any(e.status == "CANCELLED" for e in events)
