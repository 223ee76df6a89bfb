"""Answers (RSVP) with delegates, and attendance with the quorum."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.meetings.models import InviteeSource, MeetingInvitee, Rsvp
from tavolo.meetings.services import invitations
from tests.factories import make_meeting, make_person, make_user
from tests.meetings.helpers import invite_all, outbox


def test_an_invitee_answers_with_one_click(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    login(people.member)
    response = client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}#rsvp")
    invitee = meeting.invitee_for(people.member_person)
    assert invitee.rsvp == Rsvp.YES and invitee.rsvp_at is not None


def test_htmx_gets_the_answer_box_back(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    login(people.member)
    response = client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "maybe"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="rsvp"') and "<html" not in body
    assert "Risposta registrata" in body and 'aria-pressed="true">Forse' in body
    assert "HX-Request" in response.headers["Vary"]
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.MAYBE


def test_someone_not_invited_cannot_answer(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.coordinator_person)
    login(people.member)
    response = client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})
    assert response.status_code == 403
    assert [i.rsvp for i in meeting.invitees] == [Rsvp.PENDING]


def test_a_user_without_a_person_cannot_answer(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    lone = make_user(Role.MEMBER)
    login(lone)
    assert client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"}).status_code == 403
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "non è collegato a una scheda della rubrica" in page


@pytest.mark.parametrize("status, days", [("draft", 3), ("held", -2), ("cancelled", 3)])
def test_answers_only_while_the_meeting_is_convened(client, login, people, status, days):
    meeting = make_meeting(status=status, starts_in_days=days)
    invite_all(meeting, people.member_person)
    login(people.member)
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.PENDING


def test_a_delegate_of_the_same_organisation_is_invited_and_convened(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    colleague = make_person(organization=people.core_org, name="Collega", email="c@example.org")
    login(people.member)
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "no", "delegate": colleague.id})
    mine = meeting.invitee_for(people.member_person)
    delegate = meeting.invitee_for(colleague)
    assert mine.rsvp == Rsvp.NO and mine.delegate is delegate
    assert delegate.source == InviteeSource.DELEGATE and delegate.delegate_of is mine
    assert delegate.organization_id == people.core_org.id
    [mail] = outbox("meeting-circulated")
    assert mail.to_addr == "c@example.org" and "delegata/o" in mail.body_text
    assert invitations.rsvp_counts(meeting).delegates == 1
    # Changing one's mind withdraws the delegation: the delegate is told.
    client.post(f"/meetings/{meeting.id}/rsvp", data={"answer": "yes"})
    db.session.expire_all()
    assert meeting.invitee_for(colleague) is None
    assert [m.to_addr for m in outbox("meeting-cancelled")] == ["c@example.org"]


@pytest.mark.parametrize("case, message", [
    ("other_org", "stesso ente"), ("with_yes", "non serve indicare una delega"),
    ("self", "te stessa"),
])
def test_bad_delegations_are_refused(client, login, people, case, message):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    outsider = make_person(organization=people.extended_org, name="Esterno")
    delegate = {"other_org": outsider, "with_yes": make_person(organization=people.core_org),
                "self": people.member_person}[case]
    answer = "yes" if case == "with_yes" else "no"
    login(people.member)
    response = client.post(f"/meetings/{meeting.id}/rsvp",
                           data={"answer": answer, "delegate": delegate.id},
                           follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.PENDING
    assert len(meeting.invitees) == 1 and outbox() == []


def test_the_coordinator_records_an_answer_received_by_phone(client, login, people):
    meeting = make_meeting(status="scheduled")
    invite_all(meeting, people.member_person)
    invitee = meeting.invitee_for(people.member_person)
    login(people.partner)
    assert client.post(f"/meetings/{meeting.id}/invitees/{invitee.id}/rsvp",
                       data={"answer": "yes"}).status_code in (403, 404)
    client.post("/logout")
    login(people.coordinator)
    client.post(f"/meetings/{meeting.id}/invitees/{invitee.id}/rsvp", data={"answer": "no"})
    db.session.refresh(invitee)
    assert invitee.rsvp == Rsvp.NO


def test_attendance_and_quorum(client, login, people):
    meeting = make_meeting(status="held", starts_in_days=-1)
    other_org_person = make_person(organization=people.extended_org)
    invite_all(meeting, people.coordinator_person, people.member_person, other_org_person)
    walk_in = make_person(name="Arrivata senza invito")
    login(people.coordinator)
    present = meeting.invitee_for(people.member_person).id
    response = client.post(f"/meetings/{meeting.id}/attendance",
                           data={"present": [str(present)], "add_person": str(walk_in.id)})
    assert response.status_code == 303
    db.session.expire_all()
    attended = {i.person_id: i for i in meeting.invitees if i.attended}
    assert set(attended) == {people.member_person.id, walk_in.id}
    assert attended[walk_in.id].source == InviteeSource.ADDED
    quorum = invitations.quorum(meeting)
    assert (quorum.invited, quorum.present, quorum.needed) == (2, 1, 2)
    assert not quorum.reached
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "non raggiunto" in page


def test_attendance_refuses_rows_of_other_meetings(client, login, people):
    meeting = make_meeting(status="held", starts_in_days=-1)
    other = make_meeting(status="held", starts_in_days=-2)
    invite_all(other, people.member_person)
    foreign = other.invitees[0].id
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/attendance", data={"present": [str(foreign)]},
                           follow_redirects=True)
    assert "non sono tra gli invitati" in response.get_data(as_text=True)
    assert db.session.get(MeetingInvitee, foreign).attended is False
