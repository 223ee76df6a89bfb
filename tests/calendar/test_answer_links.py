"""One-click answers from the convocation e-mail: signed per invitee, no login needed,
recorded only by the confirming POST, refused once the meeting is over."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import Rsvp
from tavolo.meetings.services import invitations
from tavolo.meetings.services import meetings as service
from tavolo.meetings.services.rsvp_links import make_token
from tavolo.outbox.models import OutboxMessage
from tests.factories import make_agenda_item, make_meeting, make_person
from tests.meetings.helpers import invite_all


def _convened(people, **overrides):
    meeting = make_meeting(status="draft", created_by=people.coordinator, **overrides)
    make_agenda_item(meeting)
    invite_all(meeting, people.member_person, people.coordinator_person)
    service.circulate(meeting, people.coordinator)
    db.session.commit()
    return meeting


def _links_in_mail(person) -> dict[str, str]:
    message = db.session.scalar(sa.select(OutboxMessage).where(
        OutboxMessage.to_addr == person.email).order_by(OutboxMessage.id.desc()))
    found = re.findall(r"http://tavolo\.test(/meetings/answer/[^/\s]+/(yes|maybe|no))",
                       message.body_text)
    return {answer: path for path, answer in found}


def test_the_link_asks_for_confirmation_and_records_nothing_by_itself(client, people,
                                                                      in_request):
    meeting = _convened(people)
    links = _links_in_mail(people.member_person)
    assert set(links) == {"yes", "maybe", "no"}
    page = client.get(links["yes"])
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert meeting.title in body and "Sì, partecipo" in body
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.PENDING


def test_confirming_records_the_answer_shown_on_the_meeting_page(client, login, people,
                                                                 in_request):
    meeting = _convened(people)
    links = _links_in_mail(people.member_person)
    response = client.post(links["maybe"])
    assert response.status_code == 303
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "La tua risposta è registrata: Forse." in after
    invitee = meeting.invitee_for(people.member_person)
    assert invitee.rsvp == Rsvp.MAYBE and invitee.rsvp_at is not None
    login(people.coordinator)
    page = client.get(f"/meetings/{meeting.id}/invitees").get_data(as_text=True)
    assert "Forse" in page
    counts = invitations.rsvp_counts(meeting)
    assert counts.maybe == 1


def test_links_are_personal_and_cannot_be_altered(client, people, in_request):
    meeting = _convened(people)
    links = _links_in_mail(people.member_person)
    token = links["yes"].split("/")[3]
    assert client.post(links["yes"].replace(token, token[:-2] + "xx")).status_code == 404
    assert client.get("/meetings/answer/garbage/yes").status_code == 404
    assert client.post(links["yes"].replace("/yes", "/pending")).status_code == 404
    client.post(links["no"])
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.NO
    assert meeting.invitee_for(people.coordinator_person).rsvp == Rsvp.PENDING


def test_a_withdrawn_invitation_invalidates_its_links(client, people, in_request):
    meeting = _convened(people)
    links = _links_in_mail(people.member_person)
    invitations.remove_invitee(meeting, people.coordinator,
                               meeting.invitee_for(people.member_person))
    db.session.commit()
    invite_all(meeting, people.member_person)  # invited again: a new row, a new link
    response = client.post(links["yes"])
    assert response.status_code == 404
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.PENDING


def test_answers_are_refused_once_the_meeting_is_over_or_cancelled(client, people,
                                                                   in_request):
    meeting = _convened(people)
    invitee = meeting.invitee_for(people.member_person)
    path = f"/meetings/answer/{make_token(invitee)}/yes"
    meeting.starts_at = meeting.starts_at.replace(year=meeting.starts_at.year - 1)
    meeting.ends_at = meeting.ends_at.replace(year=meeting.ends_at.year - 1)
    db.session.commit()
    assert "già conclusa" in client.get(path).get_data(as_text=True)
    response = client.post(path)
    assert response.status_code == 400
    assert invitee.rsvp == Rsvp.PENDING
    other = _convened(people)
    service.cancel(other, people.coordinator, "")
    db.session.commit()
    path = f"/meetings/answer/{make_token(other.invitee_for(people.member_person))}/yes"
    assert "annullata" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 400


def test_a_no_by_link_keeps_the_delegate_a_yes_withdraws_it(client, people, in_request):
    meeting = _convened(people)
    colleague = make_person(organization=people.core_org, email="collega@example.org")
    invitee = meeting.invitee_for(people.member_person)
    invitations.answer(meeting, invitee, people.member, Rsvp.NO, delegate=colleague)
    db.session.commit()
    token = make_token(invitee)
    client.post(f"/meetings/answer/{token}/maybe")
    assert invitee.rsvp == Rsvp.MAYBE and invitee.delegate.person_id == colleague.id
    client.post(f"/meetings/answer/{token}/yes")
    assert invitee.rsvp == Rsvp.YES and invitee.delegate is None


def test_the_confirmation_needs_the_forms_csrf_token(client, people, in_request):
    meeting = _convened(people)
    links = _links_in_mail(people.member_person)
    assert client.post(links["yes"], csrf=False).status_code == 400
    assert meeting.invitee_for(people.member_person).rsvp == Rsvp.PENDING
