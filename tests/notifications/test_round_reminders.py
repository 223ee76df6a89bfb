"""``rounds remind``: "opened" to every elector, "closing in 24 hours" to those who have not
voted, once per round, user and reminder, through notify (kind rounds)."""

from __future__ import annotations

import datetime as dt

import pytest

from tavolo.extensions import db
from tavolo.notifications import services as notification_services
from tavolo.rounds.models import Ballot
from tavolo.rounds.services import ballots as ballot_service
from tavolo.rounds.services.reminders import send_reminders
from tests.factories import fail_second_send, make_round
from tests.notifications.helpers import choose, digest_items, outbox


def _voted(round_, user):
    key = ballot_service.voter_hash(round_, f"user:{user.id}")
    db.session.add(Ballot(round_id=round_.id, voter_hash=key, receipt=f"r{user.id}"))
    db.session.commit()


def _to(category):
    return sorted(m.to_addr for m in outbox(category=category))


def test_opened_to_all_electors_closing_to_those_who_have_not_voted_once(app, people,
                                                                          in_request):
    round_ = make_round(electorate="core", closes_in=dt.timedelta(hours=20))
    _voted(round_, people.member)
    report = send_reminders()
    core = sorted([people.coordinator.email, people.member.email])
    assert _to("round-opened") == core  # the partner is not in a core round's electorate
    assert _to("round-closing") == [people.coordinator.email]
    assert (report.opened, report.closing) == (2, 1)
    again = send_reminders()
    assert (again.opened, again.closing) == (0, 0)
    assert len(outbox()) == 3
    message = outbox(category="round-closing")[0]
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert round_.title in message.subject


def test_a_round_closing_later_gets_only_the_opened_reminder(app, people, in_request):
    make_round(electorate="network", closes_in=dt.timedelta(days=5))
    send_reminders()
    assert len(_to("round-opened")) == 3 and not _to("round-closing")


def test_reminders_follow_the_rounds_choice(app, people, in_request):
    choose(people.member, "rounds", "digest")
    choose(people.coordinator, "rounds", "off")
    make_round(electorate="core", closes_in=dt.timedelta(days=5))
    send_reminders()
    assert not outbox()
    assert [i.kind for i in digest_items(people.member)] == ["rounds"]
    assert send_reminders().opened == 0  # an "off" reminder counts as given too


def test_an_interrupted_run_sends_nothing_twice_and_loses_nothing(app, people, in_request,
                                                                   monkeypatch):
    make_round(electorate="core", closes_in=dt.timedelta(days=5))
    restore = fail_second_send(monkeypatch, notification_services)
    with pytest.raises(RuntimeError):
        send_reminders()
    db.session.expire_all()
    assert len(outbox()) == 1
    restore()
    assert send_reminders().opened == 1
    assert _to("round-opened") == sorted([people.coordinator.email, people.member.email])


def test_deactivated_users_and_closed_rounds_get_nothing(app, people, in_request):
    people.member.active = False
    db.session.commit()
    make_round(electorate="core", opens_in=-dt.timedelta(days=3), closes_in=-dt.timedelta(days=1))
    make_round(electorate="core", closes_in=dt.timedelta(days=5))
    send_reminders()
    assert _to("round-opened") == [people.coordinator.email]


def test_the_command(app, people, runner):
    make_round(electorate="core", closes_in=dt.timedelta(hours=3))
    result = runner.invoke(args=["rounds", "remind"])
    assert result.exit_code == 0, result.output
    assert "votazioni aperte 2; in chiusura 2" in result.output
