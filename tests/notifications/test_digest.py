"""The daily digest: one mail per user and day, grouped by kind, never twice, nothing lost."""

from __future__ import annotations

import pytest

from tavolo.extensions import db
from tavolo.notifications import services
from tavolo.notifications.models import Digest
from tests.factories import fail_second_send
from tests.notifications.helpers import choose, digest_items, outbox, tomorrow


def _item(user, kind, title):
    services.notify(user, kind, template="unused", subject=f"Oggetto {title}",
                    context={"link": f"https://tavolo.example.org/{title}",
                             "summary": f"Testo {title}"})


@pytest.fixture
def waiting(app, people, in_request):
    for user in (people.member, people.partner):
        for kind in ("replies", "seminars"):
            choose(user, kind, "digest")
    _item(people.member, "replies", "uno")
    _item(people.member, "seminars", "due")
    _item(people.member, "replies", "tre")
    _item(people.partner, "seminars", "quattro")
    db.session.commit()
    return people


def test_one_digest_per_user_and_day_grouped_by_kind(waiting):
    assert services.send_digests().sent == 0  # today is not over yet
    report = services.send_digests(today=tomorrow())
    assert (report.sent, report.items) == (2, 4)
    [mail] = outbox(to=waiting.member.email)
    text = mail.body_text
    assert text.index("Risposte ai miei commenti") < text.index("Oggetto uno") \
        < text.index("Oggetto tre") < text.index("Nuovi seminari") < text.index("Oggetto due")
    assert "https://tavolo.example.org/uno" in text and "Testo uno" in mail.body_html
    assert text.count("/notifications/unsubscribe/") == 2  # one link per kind
    assert all(item.digest_id is not None for item in digest_items())


def test_running_twice_sends_nothing_twice(waiting):
    services.send_digests(today=tomorrow())
    assert services.send_digests(today=tomorrow()).sent == 0
    assert len(outbox()) == 2
    assert db.session.query(Digest).count() == 2


def test_a_run_that_stops_halfway_loses_nothing_and_sends_nothing_twice(waiting, monkeypatch):
    restore = fail_second_send(monkeypatch, services)
    with pytest.raises(RuntimeError):
        services.send_digests(today=tomorrow())
    db.session.expire_all()
    assert len(outbox()) == 1
    assert [i.digest_id is None for i in digest_items(waiting.partner)] == [True]
    restore()
    report = services.send_digests(today=tomorrow())
    assert (report.sent, report.items) == (1, 1)
    assert sorted(m.to_addr for m in outbox()) == sorted([waiting.member.email,
                                                          waiting.partner.email])


def test_a_deactivated_user_gets_no_digest(waiting):
    waiting.partner.active = False
    db.session.commit()
    services.send_digests(today=tomorrow())
    assert [m.to_addr for m in outbox()] == [waiting.member.email]


def test_the_command_sends_the_digest(waiting, runner, monkeypatch):
    monkeypatch.setattr(services, "_day", lambda now: tomorrow())
    result = runner.invoke(args=["digest", "send"])
    assert result.exit_code == 0, result.output
    assert "Riepiloghi scritti nella posta in uscita: 2 (4 notifiche)" in result.output
    result = runner.invoke(args=["digest", "send"])
    assert "Riepiloghi scritti nella posta in uscita: 0" in result.output
