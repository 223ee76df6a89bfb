"""Page versus fragment responses, and failures halfway that must leave nothing behind."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, ActionStatus, MeetingStatus, Minutes, MinutesStatus
from tavolo.meetings.services.freeze import minutes_unfrozen
from tavolo.outbox.models import OutboxMessage
from tavolo.types import utcnow
from tests.factories import fail_second_send, make_agenda_item, make_meeting
from tests.meetings.helpers import invite_all, outbox


@pytest.mark.parametrize("path, fragment_start", [
    ("/meetings/?when=past", '<div id="meeting-list">'),
    ("/meetings/actions?status=all", '<div id="actions-table">'),
])
def test_lists_answer_htmx_with_their_fragment(client, login, people, path, fragment_start):
    make_meeting(status="held", starts_in_days=-3)
    login(people.member)
    page = client.get(path)
    assert page.get_data(as_text=True).lstrip().startswith("<!doctype html>")
    fragment = client.get(path, headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith(fragment_start)
    boosted = client.get(path, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert boosted.get_data(as_text=True).lstrip().startswith("<!doctype html>")
    assert "HX-Request" in fragment.headers["Vary"]


def test_action_status_without_javascript_redirects_back(client, login, people):
    meeting = make_meeting(status="held", starts_in_days=-3)
    meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=utcnow())
    with minutes_unfrozen():
        db.session.add(ActionItem(meeting=meeting, owner=people.member_person, what="Telefonare"))
    db.session.commit()
    action = db.session.scalar(sa.select(ActionItem))
    login(people.member)
    response = client.post(f"/meetings/actions/{action.id}/status",
                           data={"status": "dropped", "note": "Non serve più",
                                 "next": "/meetings/actions?status=all"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/meetings/actions?status=all"
    db.session.refresh(action)
    assert action.status == ActionStatus.DROPPED and action.status_note == "Non serve più"
    evil = client.post(f"/meetings/actions/{action.id}/status",
                       data={"status": "open", "next": "https://evil.example/"})
    assert evil.headers["Location"] == "/meetings/actions/mine"


def test_a_failure_while_writing_the_convocations_changes_nothing(client, login, people,
                                                                  monkeypatch):
    """The mail server of the outbox is not involved: the outbox row is written in the same
    transaction as the status, so a failure halfway rolls back both."""
    from tavolo.meetings.services import notifications
    from tavolo.notifications import services as notification_services

    meeting = make_meeting(status="draft")
    make_agenda_item(meeting)
    invite_all(meeting, people.coordinator_person, people.member_person)
    # people with an account receive it through the notifications' entry point
    restore = fail_second_send(monkeypatch, notifications, notification_services)
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/circulate")
    assert response.status_code == 500
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.DRAFT and meeting.sequence == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    restore()
    assert client.post(f"/meetings/{meeting.id}/circulate").status_code == 303
    assert len(outbox("meeting-circulated")) == 2
