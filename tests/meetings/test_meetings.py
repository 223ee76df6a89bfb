"""Creating, editing, circulating, cancelling meetings; sequence numbers and notifications."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import Meeting, MeetingKind, MeetingStatus
from tavolo.meetings.services import invitations
from tavolo.meetings.services import meetings as service
from tavolo.types import ROME
from tavolo.visibility import Visibility
from tests.factories import make_agenda_item, make_meeting, make_person
from tests.meetings.helpers import invite_all, outbox


def _future(days: int = 10) -> str:
    return (dt.datetime.now(ROME).date() + dt.timedelta(days=days)).isoformat()


def _form(**overrides) -> dict:
    data = {"title": "Gruppo ristretto di marzo", "kind": "core", "visibility": "core",
            "day": _future(), "start": "15:00", "end": "17:00", "place": "Sala riunioni",
            "online_url": "", "description": "", "quorum": ""}
    data.update(overrides)
    return data


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))


def test_coordinator_creates_a_meeting_in_local_time(client, login, people):
    login(people.coordinator)
    response = client.post("/meetings/new", data=_form(invite_network="y"))
    assert response.status_code == 303
    meeting = db.session.scalar(sa.select(Meeting))
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.local_start.hour == 15 and meeting.local_end.hour == 17
    assert meeting.starts_at.tzinfo is not None and meeting.starts_at.utcoffset() == dt.timedelta(0)
    # The core group was invited: both core-ring people, not the partner.
    assert {i.person_id for i in meeting.invitees} == {people.coordinator_person.id,
                                                      people.member_person.id}
    assert [row.organization_id for row in meeting.organizations] == [people.core_org.id]
    assert meeting.uid and len(meeting.uid) == 36
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "15:00–17:00" in page and "In preparazione" in page


@pytest.mark.parametrize("overrides, message", [
    ({"end": "14:00"}, "L&#39;ora di fine deve essere successiva all&#39;ora di inizio"),
    # Past midnight: refused, the meeting would have to end on the next day.
    ({"start": "22:30", "end": "00:30"}, "non prosegue oltre la mezzanotte"),
    ({"day": _future(-3)}, "La riunione non può iniziare nel passato"),
    ({"title": "x" * 201}, "Al massimo 200 caratteri."),
    ({"description": "x" * 10_001}, "Al massimo 10000 caratteri."),
    ({"visibility": "network"}, "visibile solo al gruppo ristretto"),
    ({"online_url": "javascript:alert(1)"}, "deve iniziare con https://"),
    ({"start": "25:99"}, "Scrivi un orario valido"),
])
def test_bad_input_gets_an_italian_message_and_creates_nothing(client, login, people,
                                                               overrides, message):
    login(people.coordinator)
    response = client.post("/meetings/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _count() == 0


def test_a_time_skipped_by_daylight_saving_is_refused(app, people):
    year = dt.date.today().year + 1
    last_sunday_of_march = max(dt.date(year, 3, d) for d in range(25, 32)
                               if dt.date(year, 3, d).weekday() == 6)
    data = service.MeetingData(title="Notturna", kind=MeetingKind.CORE,
                               visibility=Visibility.CORE, day=last_sunday_of_march,
                               start=dt.time(2, 30), end=dt.time(4, 0))
    with pytest.raises(DomainError, match="non esistono"):
        service.create_meeting(people.coordinator, data)


def test_only_coordinators_create_meetings(client, login, people):
    login(people.member)
    assert client.get("/meetings/new").status_code == 403
    assert client.post("/meetings/new", data=_form()).status_code == 403
    assert _count() == 0


def test_circulating_notifies_every_invitee_once(client, login, people):
    meeting = make_meeting(status="draft")
    make_agenda_item(meeting)
    invite_all(meeting, people.coordinator_person, people.member_person)
    login(people.coordinator)
    assert client.post(f"/meetings/{meeting.id}/circulate").status_code == 303
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.SCHEDULED and meeting.sequence == 1
    messages = outbox("meeting-circulated")
    assert sorted(m.to_addr for m in messages) == sorted([people.coordinator.email,
                                                          people.member.email])
    assert "Convocazione" in messages[0].subject and meeting.title in messages[0].body_text
    # A second click (or a double submit) changes nothing and writes nothing.
    response = client.post(f"/meetings/{meeting.id}/circulate", follow_redirects=True)
    assert "già stata diramata" in response.get_data(as_text=True)
    assert len(outbox()) == 2
    db.session.refresh(meeting)
    assert meeting.sequence == 1


@pytest.mark.parametrize("missing, message", [
    ("items", "almeno un punto"), ("invitees", "almeno un ente"), ("place", "luogo"),
])
def test_circulation_needs_agenda_invitees_and_place(in_request, people, missing, message):
    meeting = make_meeting(status="draft", place="" if missing == "place" else "Sala")
    if missing != "items":
        make_agenda_item(meeting)
    if missing != "invitees":
        invite_all(meeting, people.member_person)
    with pytest.raises(DomainError, match=message):
        service.circulate(meeting, people.coordinator)
    db.session.rollback()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.DRAFT
    assert outbox() == []


def _data_from(meeting, **changes) -> service.MeetingData:
    values = dict(title=meeting.title, kind=meeting.kind, visibility=meeting.visibility,
                  day=meeting.local_start.date(), start=meeting.local_start.time(),
                  end=meeting.local_end.time(), place=meeting.place,
                  online_url=meeting.online_url, description=meeting.description)
    values.update(changes)
    return service.MeetingData(**values)


def test_change_of_time_and_place_notifies_once_and_raises_the_sequence(in_request, people):
    meeting = make_meeting(status="scheduled", sequence=1)
    invite_all(meeting, people.coordinator_person, people.member_person)
    changed = service.update_meeting(meeting, people.coordinator, _data_from(
        meeting, start=dt.time(16, 0), end=dt.time(18, 0), place="Cascina Roccafranca"))
    db.session.commit()
    assert changed == {"time", "place"}
    assert meeting.sequence == 2
    messages = outbox("meeting-changed")
    assert len(messages) == 2  # one per invitee, not one per changed field
    assert "Cascina Roccafranca" in messages[0].body_text and "16:00" in messages[0].body_text


def test_unrelated_edits_neither_notify_nor_raise_the_sequence(in_request, people):
    meeting = make_meeting(status="scheduled", sequence=1)
    invite_all(meeting, people.member_person)
    service.update_meeting(meeting, people.coordinator,
                           _data_from(meeting, description="Portare i dati.", title="Nuovo"))
    db.session.commit()
    assert meeting.sequence == 1 and meeting.title == "Nuovo"
    assert outbox() == []


def test_changes_to_a_draft_raise_the_sequence_but_tell_nobody(in_request, people):
    meeting = make_meeting(status="draft")
    invite_all(meeting, people.member_person)
    service.update_meeting(meeting, people.coordinator, _data_from(meeting, place="Altrove"))
    db.session.commit()
    assert meeting.sequence == 1 and outbox() == []


def test_moving_a_meeting_into_the_past_is_refused_and_changes_nothing(client, login, people):
    meeting = make_meeting(status="scheduled", place="Sala")
    login(people.coordinator)
    data = _form(day=_future(-2), title=meeting.title, place="Altrove")
    response = client.post(f"/meetings/{meeting.id}/edit", data=data)
    assert response.status_code == 400
    assert "nel passato" in response.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.place == "Sala" and meeting.sequence == 0


def test_the_kind_never_changes(in_request, people):
    meeting = make_meeting(kind="enlarged", status="draft")
    with pytest.raises(DomainError, match="tipo"):
        service.update_meeting(meeting, people.coordinator, _data_from(
            meeting, kind=MeetingKind.CORE, visibility=Visibility.CORE))


def test_cancelling_tells_everyone_why(client, login, people):
    meeting = make_meeting(status="scheduled", sequence=1)
    invite_all(meeting, people.coordinator_person, people.member_person)
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/cancel",
                           data={"reason": "Sala non disponibile."})
    assert response.status_code == 303
    db.session.refresh(meeting)
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 2
    messages = outbox("meeting-cancelled")
    assert len(messages) == 2 and "Sala non disponibile." in messages[0].body_text
    assert "annullata" in messages[0].subject
    # Cancelled meetings cannot be edited any more.
    assert client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "x"}).status_code == 400
    assert len(outbox()) == 2


def test_a_draft_is_deleted_not_cancelled(client, login, people):
    draft_id = make_meeting(status="draft").id
    convened_id = make_meeting(status="scheduled").id
    login(people.coordinator)
    assert client.post(f"/meetings/{convened_id}/delete").status_code == 303
    assert db.session.get(Meeting, convened_id) is not None
    assert client.post(f"/meetings/{draft_id}/delete").status_code == 303
    db.session.expunge_all()
    assert db.session.get(Meeting, draft_id) is None
    actions = db.session.scalars(sa.select(AuditEntry.action)
                                 .where(AuditEntry.object_type == "meeting")).all()
    assert actions == ["delete"]


def test_a_meeting_is_marked_held_only_once_started(client, login, people):
    future = make_meeting(status="scheduled", starts_in_days=1)
    started = make_meeting(status="scheduled", starts_in_days=-0.01)
    login(people.coordinator)
    client.post(f"/meetings/{future.id}/held")
    client.post(f"/meetings/{started.id}/held")
    db.session.refresh(future)
    db.session.refresh(started)
    assert future.status == MeetingStatus.SCHEDULED
    assert started.status == MeetingStatus.HELD and started.sequence == 1


def test_people_invited_after_circulation_receive_the_convocation(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.coordinator_person)
    guest = make_person(name="Ospite Esterno", email="ospite@example.org")
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/invitees",
                           data={"people": [str(guest.id)]})
    assert response.status_code == 303
    messages = outbox("meeting-circulated")
    assert [m.to_addr for m in messages] == ["ospite@example.org"]
    invitee = meeting.invitee_for(guest)
    assert invitee.notified_at is not None
    client.post(f"/meetings/{meeting.id}/invitees/{invitee.id}/remove")
    cancelled = outbox("meeting-cancelled")
    assert [m.to_addr for m in cancelled] == ["ospite@example.org"]
    assert "Non sei più tra gli invitati" in cancelled[0].subject


def test_core_meetings_refuse_the_extended_network(in_request, people):
    meeting = make_meeting(kind="core", status="draft")
    with pytest.raises(DomainError, match="rete allargata"):
        invitations.invite_organizations(meeting, people.coordinator, [people.extended_org])
    with pytest.raises(DomainError, match="partner"):
        invitations.invite_people(meeting, people.coordinator, [people.partner_person])
    db.session.rollback()
    assert db.session.get(Meeting, meeting.id).invitees == []


def test_inviting_an_organisation_invites_its_contact_people(in_request, people):
    meeting = make_meeting(kind="enlarged", status="draft")
    colleague = make_person(organization=people.extended_org, name="Collega")
    result = invitations.invite_organizations(meeting, people.coordinator, [people.extended_org])
    db.session.commit()
    assert {i.person_id for i in result.added} == {people.partner_person.id, colleague.id}
    assert all(i.organization_id == people.extended_org.id for i in meeting.invitees)
    again = invitations.invite_organizations(meeting, people.coordinator, [people.extended_org])
    assert again.added == []  # nobody is invited twice


def test_every_change_is_in_the_audit_log(client, login, people):
    login(people.coordinator)
    client.post("/meetings/new", data=_form())
    meeting = db.session.scalar(sa.select(Meeting))
    client.post(f"/meetings/{meeting.id}/edit", data=_form(place="Altrove"))
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "meeting", AuditEntry.object_id == meeting.id)
        .order_by(AuditEntry.id)).all()
    assert actions == ["create", "update"]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Registro delle modifiche" in page


def test_calendar_parts_can_be_attached_to_every_notification(app, in_request, people):
    """The calendar area registers a builder; each message then carries its parts."""
    from tavolo.meetings.services.notifications import MAIL_PARTS, MailParts

    seen = []

    def calendar(meeting, invitee, kind):
        seen.append((meeting.uid, meeting.sequence, invitee.person_id, kind.value))
        return [{"content_type": "text/calendar", "content": f"SEQUENCE:{meeting.sequence}",
                 "params": {"method": "REQUEST"}, "filename": None, "kind": "alternative"}]

    MAIL_PARTS.add(app, MailParts(key="test-calendar", build=calendar))
    meeting = make_meeting(status="draft")
    uid = meeting.uid
    make_agenda_item(meeting)
    invite_all(meeting, people.member_person)
    service.circulate(meeting, people.coordinator)
    service.update_meeting(meeting, people.coordinator, _data_from(meeting, place="Altrove"))
    service.cancel(meeting, people.coordinator, "Sciopero dei trasporti")
    db.session.commit()
    assert [(s[1], s[3]) for s in seen] == [(1, "circulated"), (2, "changed"), (3, "cancelled")]
    assert {s[0] for s in seen} == {uid} and meeting.uid == uid
    # The calendar area's own builder runs first; this test's parts come last.
    assert [m.parts[-1]["content"] for m in outbox()] == ["SEQUENCE:1", "SEQUENCE:2",
                                                          "SEQUENCE:3"]
