"""Account page choices, the coordinators' defaults, and the one-click unsubscribe link."""

from __future__ import annotations

import pytest

from tavolo.extensions import db
from tavolo.notifications import services
from tavolo.notifications.models import Delivery, NotificationKind, NotificationPreference
from tavolo.proposals.comments import add_comment
from tests.factories import make_proposal
from tests.notifications.helpers import choose, outbox


def _delivery(user, kind="replies"):
    db.session.expire_all()
    return services.delivery_for(user, NotificationKind(kind))


def test_the_account_page_shows_the_choices_and_saves_them(client, login, people):
    login(people.member)
    page = client.get("/account").get_data(as_text=True)
    assert 'id="notifications"' in page and "Risposte ai miei commenti" in page
    assert "arrivano sempre subito" in page  # personal invitations stay immediate
    response = client.post("/notifications/preferences",
                           data={"kind_replies": "off", "kind_seminars": "immediate"})
    assert response.status_code == 303
    assert _delivery(people.member) == Delivery.OFF
    assert _delivery(people.member, "seminars") == Delivery.IMMEDIATE
    assert _delivery(people.member, "agenda") == Delivery.IMMEDIATE  # the default
    client.post("/notifications/preferences", data={"kind_replies": ""})
    assert db.session.get(NotificationPreference, (people.member.id, "replies")) is None


def test_a_made_up_choice_is_refused_and_changes_nothing(client, login, people):
    login(people.member)
    response = client.post("/notifications/preferences", data={"kind_replies": "hourly"})
    assert response.status_code == 400
    assert _delivery(people.member) == Delivery.IMMEDIATE


def test_only_coordinators_change_the_defaults(client, login, people):
    login(people.member)
    assert client.get("/notifications/defaults").status_code == 403
    client.post("/logout")
    login(people.coordinator)
    page = client.get("/notifications/defaults").get_data(as_text=True)
    assert "Nuovi avvisi in bacheca" in page
    data = {f"kind_{kind.value}": "immediate" for kind in NotificationKind}
    data["kind_replies"] = "digest"
    assert client.post("/notifications/defaults", data=data).status_code == 303
    assert _delivery(people.partner) == Delivery.DIGEST
    choose(people.partner, "replies", "immediate")
    assert _delivery(people.partner) == Delivery.IMMEDIATE


@pytest.fixture
def link(app, people):
    with app.test_request_context():
        add_comment(people.member, make_proposal(people.partner), "Un commento.")
        db.session.commit()
    message = outbox(to=people.partner.email)[0]
    return message.headers["List-Unsubscribe"][1:-1].split("://", 1)[1].split("/", 1)[1]


def test_opening_the_link_shows_a_button_and_changes_nothing(client, people, link):
    response = client.get("/" + link)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Sì, disattiva" in page and "Risposte ai miei commenti" in page
    assert _delivery(people.partner) == Delivery.IMMEDIATE


def test_the_one_click_post_turns_the_kind_off_without_login_or_csrf(client, people, link):
    response = client.post("/" + link, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert response.status_code == 200
    assert "sono disattivate" in response.get_data(as_text=True)
    assert _delivery(people.partner) == Delivery.OFF
    assert _delivery(people.partner, "seminars") == Delivery.DIGEST  # only that kind
    again = client.post("/" + link, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert again.status_code == 200 and _delivery(people.partner) == Delivery.OFF


@pytest.mark.parametrize("change", ["tampered", "malformed", "other_salt"])
def test_a_tampered_link_changes_nothing_and_says_so(client, app, people, link, change):
    if change == "tampered":
        link = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    elif change == "malformed":
        link = "notifications/unsubscribe/nonsense"
    else:
        from itsdangerous import URLSafeTimedSerializer
        token = URLSafeTimedSerializer(app.secret_key, salt="tavolo-meeting-rsvp").dumps(
            [people.partner.id, "replies"])
        link = f"notifications/unsubscribe/{token}"
    for method in (client.get, client.post):
        response = method("/" + link, **({"csrf": False} if method == client.post else {}))
        assert response.status_code == 400
        assert "Non è stato cambiato nulla" in response.get_data(as_text=True)
    assert _delivery(people.partner) == Delivery.IMMEDIATE


def test_an_expired_link_changes_nothing(client, app, people, link, monkeypatch):
    monkeypatch.setattr(services, "link_max_age", lambda: -1)
    response = client.post("/" + link, csrf=False)
    assert response.status_code == 400
    assert "scaduto" in response.get_data(as_text=True)
    assert _delivery(people.partner) == Delivery.IMMEDIATE


def test_a_link_for_an_account_that_does_not_exist_is_404(client, app, people):
    from types import SimpleNamespace
    with app.test_request_context():
        token = services.unsubscribe_token(SimpleNamespace(id=987654), NotificationKind.REPLIES)
    response = client.post(f"/notifications/unsubscribe/{token}", csrf=False)
    assert response.status_code == 404
    assert "Non è stato cambiato nulla" in response.get_data(as_text=True)
