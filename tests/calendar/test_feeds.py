"""Personal feeds at a secret address, the public feed, and their caching headers."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from tavolo.auth.models import Role
from tavolo.calendar import feeds
from tavolo.calendar.models import CalendarSettings
from tavolo.extensions import db
from tavolo.types import utcnow
from tests.calendar.helpers import parse
from tests.factories import make_meeting, make_user


def _feed_path(client, login, user) -> str:
    """Create the address from the account page, as the user would, and read it back."""
    login(user)
    assert client.post("/calendar/feed").status_code == 303
    page = client.get("/account").get_data(as_text=True)
    url = re.search(r'id="calendar-feed-url" value="([^"]+)"', page).group(1)
    client.post("/logout")
    return url.replace("http://tavolo.test", "")


def _titles(data: bytes) -> set[str]:
    return {event.summary for event in parse(data)[1]}


def test_the_address_is_random_secret_and_never_stored(client, login, people):
    path = _feed_path(client, login, people.member)
    token = re.fullmatch(r"/calendar/([A-Za-z0-9_-]+)\.ics", path).group(1)
    assert len(token) == 43  # 256 bits, base64url
    row = db.session.get(CalendarSettings, people.member.id)
    stored = " ".join(str(v) for v in (row.feed_salt, row.feed_token_hash))
    assert token not in stored
    other = _feed_path(client, login, people.partner)
    assert other != path


def test_the_feed_works_without_cookies_and_sets_none(app, client, login, people):
    make_meeting(title="Gruppo ristretto di dicembre")
    path = _feed_path(client, login, people.member)
    anonymous = app.test_client()
    response = anonymous.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "Set-Cookie" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert "Gruppo ristretto di dicembre" in _titles(response.data)


def test_a_partners_feed_has_no_core_meeting(app, client, login, people):
    make_meeting(kind="core", title="Solo gruppo ristretto")
    make_meeting(kind="core", title="Bozza ristretta", status="draft")
    make_meeting(kind="enlarged", visibility="network", title="Rete allargata")
    make_meeting(kind="enlarged", visibility="public", title="Assemblea pubblica")
    make_meeting(kind="enlarged", visibility="network", title="Bozza di rete", status="draft")
    partner = app.test_client().get(_feed_path(client, login, people.partner))
    assert _titles(partner.data) == {"Rete allargata", "Assemblea pubblica"}
    member = app.test_client().get(_feed_path(client, login, people.member))
    _cal, events = parse(member.data)
    assert {e.summary for e in events} == {"Solo gruppo ristretto", "Bozza ristretta",
                                           "Rete allargata", "Assemblea pubblica",
                                           "Bozza di rete"}
    assert {e.status for e in events if e.summary.startswith("Bozza")} == {"TENTATIVE"}


def test_twelve_months_back_onward_with_cancelled_ones(app, client, login, people):
    make_meeting(title="Di due anni fa", starts_in_days=-730, status="held")
    make_meeting(title="Di dieci mesi fa", starts_in_days=-300, status="held")
    make_meeting(title="Annullata", starts_in_days=20, status="cancelled")
    make_meeting(title="Tra due anni", starts_in_days=700)
    _cal, events = parse(app.test_client().get(_feed_path(client, login, people.member)).data)
    by_title = {e.summary: e for e in events}
    assert set(by_title) == {"Di dieci mesi fa", "Annullata", "Tra due anni"}
    assert by_title["Annullata"].status == "CANCELLED"


def test_etag_and_last_modified_give_304_until_something_changes(app, client, login, people,
                                                                 in_request):
    meeting = make_meeting(title="Prima versione")
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    first = reader.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert reader.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert reader.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    meeting.title = "Seconda versione"
    db.session.commit()
    second = reader.get(path, headers={"If-None-Match": etag})
    assert second.status_code == 200 and "Seconda versione" in _titles(second.data)
    assert second.headers["ETag"] != etag
    assert reader.get(path, headers={"If-None-Match": second.headers["ETag"]}).status_code == 304


def test_last_modified_moves_when_an_item_disappears(app, client, login, people):
    """A deleted draft leaves no timestamp behind: the feed remembers what it served."""
    make_meeting(title="Resta")
    draft = make_meeting(title="Bozza da eliminare", status="draft")
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    reader.get(path)
    state = db.session.get(feeds.CalendarFeedState, f"user:{people.member.id}")
    state.changed_at = utcnow() - dt.timedelta(days=2)  # as if last changed two days ago
    db.session.commit()
    first = reader.get(path)
    db.session.delete(draft)
    db.session.commit()
    second = reader.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert second.status_code == 200 and _titles(second.data) == {"Resta"}
    assert second.last_modified > first.last_modified


def test_two_changes_within_one_second_still_move_last_modified(app):
    now = utcnow()
    first = feeds.observe("test", feeds.fingerprint("one"), now)
    second = feeds.observe("test", feeds.fingerprint("two"), now)
    assert second.replace(microsecond=0) > first.replace(microsecond=0)
    assert feeds.observe("test", feeds.fingerprint("two"), now) == second


def test_a_revoked_address_gets_404_and_a_new_one_replaces_it(app, client, login, people):
    old = _feed_path(client, login, people.member)
    new = _feed_path(client, login, people.member)
    reader = app.test_client()
    assert reader.get(old).status_code == 404
    assert reader.get(new).status_code == 200
    login(people.member)
    assert client.post("/calendar/feed/revoke").status_code == 303
    assert reader.get(new).status_code == 404
    page = client.get("/account").get_data(as_text=True)
    assert 'id="calendar-feed-url"' not in page and "indirizzo del mio calendario" in page


def test_deactivated_accounts_and_made_up_tokens_get_404(app, client, login, people):
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    for bad in ("/calendar/" + "A" * 43 + ".ics", "/calendar/short.ics",
                path.replace(".ics", "x.ics"), "/calendar/%00.ics"):
        response = reader.get(bad)
        assert response.status_code == 404 and response.mimetype == "text/plain"
    people.member.active = False
    db.session.commit()
    assert reader.get(path).status_code == 404


def test_the_feed_follows_the_current_role(app, client, login, people):
    make_meeting(kind="core", title="Ristretta")
    user = make_user(Role.MEMBER)
    path = _feed_path(client, login, user)
    reader = app.test_client()
    assert _titles(reader.get(path).data) == {"Ristretta"}
    user.role = Role.PARTNER
    db.session.commit()
    assert _titles(reader.get(path).data) == set()


def test_a_changed_secret_key_asks_for_a_new_address(app, client, login, people):
    path = _feed_path(client, login, people.member)
    app.config["SECRET_KEY"] = "another-key"
    assert feeds.token_of(db.session.get(CalendarSettings, people.member.id)) is None
    client.csrf_value = None  # the form token was signed with the old key too
    login(people.member)
    page = client.get("/account").get_data(as_text=True)
    assert "la configurazione del server è cambiata" in page and "Disattiva" in page
    assert app.test_client().get(path).status_code == 200  # the old address still opens


def test_the_reminder_preference_is_in_the_feed(app, client, login, people):
    make_meeting()
    path = _feed_path(client, login, people.member)
    login(people.member)
    assert client.post("/calendar/reminder", data={"cal-reminder": "120"}).status_code == 303
    [event] = parse(app.test_client().get(path).data)[1]
    assert event.ical.subcomponents[0].decoded("trigger") == -dt.timedelta(hours=2)
    response = client.post("/calendar/reminder", data={"cal-reminder": "7"})
    assert response.status_code == 303
    assert db.session.get(CalendarSettings, people.member.id).reminder_minutes == 120
    page = client.get("/account").get_data(as_text=True)
    assert "Scegli uno dei promemoria proposti" in page
    assert client.post("/calendar/reminder", data={"cal-reminder": "none"}).status_code == 303
    [event] = parse(app.test_client().get(path).data)[1]
    assert "VALARM" not in event.property_names


def test_settings_need_a_login_and_a_csrf_token(app, client, login, people):
    assert client.post("/calendar/feed").status_code in (302, 303)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarSettings)) == 0
    login(people.member)
    assert client.post("/calendar/feed", csrf=False).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarSettings)) == 0


def test_the_account_page_explains_how_to_subscribe(client, login, people):
    login(people.member)
    client.post("/calendar/feed")
    page = client.get("/account").get_data(as_text=True)
    for app_name in ("Google Calendar", "Outlook", "Thunderbird", "Calendario di Apple"):
        assert app_name in page
    assert 'data-copy="#calendar-feed-url"' in page and 'href="webcal://tavolo.test/calendar/' \
        in page


def test_the_public_feed_lists_public_meetings_only(app, client, people):
    make_meeting(kind="enlarged", visibility="public", title="Pubblica")
    make_meeting(kind="enlarged", visibility="network", title="Di rete")
    make_meeting(kind="core", title="Ristretta")
    make_meeting(kind="enlarged", visibility="public", title="Bozza pubblica", status="draft")
    response = client.get("/calendar/public.ics")
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]
    assert _titles(response.data) == {"Pubblica"}
    assert client.get("/calendar/public.ics",
                      headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
