"""The example year of meetings in the demo network."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from tavolo.outbox.models import OutboxMessage
from tavolo.types import utcnow


def _meetings() -> list[Meeting]:
    return list(db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)))


def test_a_year_of_example_meetings_loaded_once(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    meetings = _meetings()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert len(_meetings()) == len(meetings) >= 12
    assert all(m.is_example for m in meetings)
    assert (meetings[-1].starts_at - meetings[0].starts_at).days >= 300
    now = utcnow()
    upcoming = [m for m in meetings if m.starts_at > now]
    assert 1 <= len(upcoming) <= 2 and all(m.status == MeetingStatus.SCHEDULED for m in upcoming)
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    assert {m.kind for m in held} == {MeetingKind.CORE, MeetingKind.ENLARGED}
    approved = [m for m in held if m.minutes and m.minutes.status == MinutesStatus.APPROVED]
    assert len(approved) >= len(held) - 1 and all(m.minutes.versions for m in approved)
    assert any(m.status == MeetingStatus.CANCELLED for m in meetings)
    # Core meetings at 15:00 in Rome on both sides of daylight saving.
    core = [m for m in meetings if m.kind == MeetingKind.CORE]
    assert {(m.local_start.hour, m.local_start.minute) for m in core} == {(15, 0)}
    assert len({m.starts_at.hour for m in core}) == 2
    # The next core meeting approves the previous minutes and follows up open actions.
    for meeting in [m for m in upcoming if m.kind == MeetingKind.CORE]:
        assert meeting.agenda_items[0].kind == AgendaItemKind.MINUTES_APPROVAL
    statuses = set(db.session.scalars(sa.select(ActionItem.status)))
    assert {ActionStatus.OPEN, ActionStatus.DONE} <= statuses
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


def test_every_example_page_renders_for_each_role(app, runner, client):
    runner.invoke(args=["demo"])
    meetings = _meetings()
    for email in ["coordinatore@example.org", "membro@example.org", "partner@example.org"]:
        assert client.post("/login", data={"email": email,
                                           "password": "demo-password-123"}).status_code == 303
        seen = 0
        for meeting in meetings:
            response = client.get(f"/meetings/{meeting.id}")
            assert response.status_code in (200, 404), meeting.title
            if response.status_code == 200:
                seen += 1
                assert client.get(f"/meetings/{meeting.id}/print").status_code == 200
                if meeting.minutes is not None and (
                        meeting.minutes.is_approved or email != "partner@example.org"):
                    assert client.get(f"/meetings/{meeting.id}/minutes/print").status_code == 200
        visible_core = [m for m in meetings if m.kind == MeetingKind.CORE]
        expected = len(meetings) - (len(visible_core) if email.startswith("partner") else 0)
        assert seen == expected
        mine = client.get("/meetings/actions/mine").get_data(as_text=True)
        assert "Non hai azioni assegnate" not in mine
        client.post("/logout")


def test_example_agenda_items_link_example_proposals_once(app, runner, client):
    from tavolo.meetings.models import AgendaItem

    def linked():
        return db.session.execute(
            sa.select(AgendaItem.title, AgendaItem.proposal_id)
            .where(AgendaItem.proposal_id.is_not(None)).order_by(AgendaItem.id)).all()

    assert runner.invoke(args=["demo"]).exit_code == 0
    first = linked()
    assert len(first) == 3
    result = runner.invoke(args=["demo"])
    assert "agenda_items_linked_to_proposals" not in result.output
    assert linked() == first
    item = db.session.scalar(sa.select(AgendaItem).where(AgendaItem.proposal_id.is_not(None),
                                                         AgendaItem.title.like("Col-labora%")))
    assert client.post("/login", data={"email": "partner@example.org",
                                       "password": "demo-password-123"}).status_code == 303
    page = client.get(f"/proposals/{item.proposal_id}").get_data(as_text=True)
    assert item.meeting.title in page and f"#item-{item.id}" in page
