"""notify(): each routed mail follows the user's choice per kind."""

from __future__ import annotations

import pytest

from tavolo.extensions import db
from tavolo.meetings.services import meetings as meeting_service
from tavolo.meetings.services import minutes as minutes_service
from tavolo.meetings.services import notifications as meeting_notifications
from tavolo.notifications import services
from tavolo.notifications.models import Delivery, NotificationKind
from tavolo.outbox.services import build_email
from tavolo.proposals.comments import add_comment
from tavolo.seminars.services import notify_new_seminar
from tests.factories import (
    make_agenda_item,
    make_invitee,
    make_meeting,
    make_person,
    make_proposal,
    make_seminar,
    make_user,
)
from tests.notifications.helpers import choose, digest_items, outbox

pytestmark = pytest.mark.usefixtures("in_request")


def _comment_on_proposal_of(author, commenter):
    proposal = make_proposal(author)
    add_comment(commenter, proposal, "Sono d'accordo, ma servono più posti.")
    db.session.commit()
    return proposal


@pytest.mark.parametrize("delivery", ["immediate", "digest", "off"])
def test_comments_on_my_proposal_follow_my_choice(people, delivery):
    choose(people.partner, "replies", delivery)
    _comment_on_proposal_of(people.partner, people.member)
    mails = outbox(to=people.partner.email)
    items = digest_items(people.partner)
    if delivery == "immediate":
        assert len(mails) == 1 and not items
        assert "Sono d'accordo" in mails[0].body_text
    elif delivery == "digest":
        assert not mails
        assert [(i.kind, i.subject[:24]) for i in items] == [("replies", "Nuovo commento sulla pro")]
        assert "Mario Membro: Sono d'accordo" in items[0].text
        assert items[0].link.endswith(f"#commento-{items[0].link.rsplit('-', 1)[1]}")
    else:
        assert not mails and not items


def test_a_user_without_a_choice_follows_the_network_default(people):
    services.set_defaults(people.coordinator, {NotificationKind.REPLIES: Delivery.OFF})
    db.session.commit()
    _comment_on_proposal_of(people.partner, people.member)
    assert not outbox(to=people.partner.email) and not digest_items(people.partner)
    choose(people.partner, "replies", "immediate")  # her own choice wins over the default
    _comment_on_proposal_of(people.partner, people.member)
    assert len(outbox(to=people.partner.email)) == 1


def test_a_deactivated_user_gets_nothing(people):
    people.partner.active = False
    db.session.commit()
    assert services.notify(people.partner, "replies", template="x", subject="x",
                           context={}) is None
    assert not outbox() and not digest_items()


def test_immediate_mails_carry_one_click_unsubscribe_headers_and_footer(people):
    _comment_on_proposal_of(people.partner, people.member)
    message = outbox(to=people.partner.email)[0]
    url = message.headers["List-Unsubscribe"][1:-1]
    assert "/notifications/unsubscribe/" in url
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body_text and url in message.body_html
    built = build_email(message, "Tavolo <tavolo@example.org>")
    assert built["List-Unsubscribe"] == f"<{url}>"
    assert built["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_extra_headers_cannot_add_header_lines(people):
    from tavolo.outbox.services import enqueue
    message = enqueue(to_addr="a@example.org", subject="s", body_text="b",
                      headers={"List-Unsubscribe": "<https://x>\r\nBcc: evil@example.org",
                               "Bcc": "evil@example.org"})
    db.session.commit()
    built = build_email(message, "t@example.org")
    assert built["Bcc"] is None
    assert "\n" not in built["List-Unsubscribe"]


# -- meetings -------------------------------------------------------------------------------

def _meeting_with(people, source="person"):
    meeting = make_meeting(status="draft")
    make_agenda_item(meeting)
    make_invitee(meeting, people.member_person, source=source)
    return meeting


def _calendar(message):
    return [p for p in message.parts if p["content_type"] == "text/calendar"]


def test_personal_invitations_stay_immediate_with_their_calendar_whatever_the_choice(people):
    choose(people.member, "agenda", "off")
    meeting = _meeting_with(people, source="person")
    meeting_service.circulate(meeting, people.coordinator)
    db.session.commit()
    [message] = outbox(to=people.member.email)
    assert _calendar(message)
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("delivery", ["immediate", "digest", "off"])
def test_invitations_through_the_organisation_follow_the_agenda_choice(people, delivery):
    choose(people.member, "agenda", delivery)
    meeting = _meeting_with(people, source="organization")
    meeting_service.circulate(meeting, people.coordinator)
    db.session.commit()
    mails = outbox(to=people.member.email)
    assert len(mails) == (1 if delivery == "immediate" else 0)
    items = digest_items(people.member)
    assert len(items) == (1 if delivery == "digest" else 0)
    if items:
        assert items[0].kind == "agenda" and meeting.title in items[0].subject


@pytest.mark.parametrize("delivery", ["digest", "off"])
def test_changes_follow_the_meetings_choice_for_invitations_without_calendar(
        people, delivery, monkeypatch):
    meeting = _meeting_with(people, source="organization")
    meeting_service.circulate(meeting, people.coordinator)
    db.session.commit()
    before = len(outbox(to=people.member.email))
    choose(people.member, "meetings", delivery)
    meeting_notifications.notify_cancelled(meeting, reason="Sala non disponibile")
    db.session.commit()
    assert len(outbox(to=people.member.email)) == before
    assert len([i for i in digest_items(people.member) if i.kind == "meetings"]) == (
        1 if delivery == "digest" else 0)


def test_people_without_an_account_get_the_mail_as_before(people):
    guest = make_person(organization=people.core_org, name="Ospite", email="ospite@example.org")
    meeting = make_meeting(status="draft")
    make_agenda_item(meeting)
    make_invitee(meeting, guest, source="organization")
    meeting_service.circulate(meeting, people.coordinator)
    db.session.commit()
    [message] = outbox(to="ospite@example.org")
    assert _calendar(message) and not message.headers


@pytest.mark.parametrize("delivery", ["immediate", "digest", "off"])
def test_minutes_approved_follow_the_minutes_choice(people, delivery):
    choose(people.member, "minutes", delivery)
    meeting = make_meeting(kind="enlarged", status="held", starts_in_days=-1)
    make_agenda_item(meeting)
    make_invitee(meeting, people.member_person)
    make_invitee(meeting, people.partner_person)
    choose(people.partner, "minutes", "immediate")
    minutes_service.save_minutes(meeting, people.coordinator, "Apertura.", {})
    db.session.commit()
    assert not outbox(category="meeting-minutes")  # a draft tells nobody
    minutes_service.approve(meeting.minutes, people.coordinator)
    db.session.commit()
    assert [m.to_addr for m in outbox(to=people.partner.email)] == [people.partner.email]
    mails = outbox(to=people.member.email, category="meeting-minutes")
    assert len(mails) == (1 if delivery == "immediate" else 0)
    assert len(digest_items(people.member)) == (1 if delivery == "digest" else 0)
    if mails:
        assert meeting.title in mails[0].subject


# -- seminars -------------------------------------------------------------------------------

def test_a_new_seminar_reaches_those_who_may_see_it(people):
    choose(people.member, "seminars", "immediate")
    choose(people.partner, "seminars", "immediate")
    core = make_seminar(visibility="core", title="Seminario riservato")
    notify_new_seminar(core, people.coordinator)
    db.session.commit()
    assert [m.to_addr for m in outbox(category="seminar-published")] == [people.member.email]
    public = make_seminar(title="Seminario aperto")
    notify_new_seminar(public, people.coordinator)
    db.session.commit()
    assert sorted(m.to_addr for m in outbox(category="seminar-published")) == sorted(
        [people.member.email, people.member.email, people.partner.email])


def test_seminars_go_to_the_digest_by_default(people):
    notify_new_seminar(make_seminar(title="Seminario aperto"), people.coordinator)
    db.session.commit()
    assert {i.user_id for i in digest_items()} == {people.member.id, people.partner.id}
    assert not outbox(category="seminar-published")


def test_a_past_seminar_notifies_nobody(people):
    assert notify_new_seminar(make_seminar(starts_in_days=-3), people.coordinator) == 0


def test_notices_are_a_kind_of_their_own(people):
    user = make_user("member")
    choose(user, "notices", "immediate")
    message = services.notify(user, "notices", template="minutes_approved",
                              subject="Nuovo avviso",
                              context={"meeting": make_meeting(), "link": "https://x/1",
                                       "recipient": user})
    db.session.commit()
    assert message.category == "notify-notices"
    assert "Nuovi avvisi in bacheca" in message.body_text
