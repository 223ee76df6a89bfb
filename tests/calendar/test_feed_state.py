"""Feeds are fingerprinted by an aggregate query: a 304 and an unchanged feed build nothing,
and every change of what a feed shows still gives a new ETag and a new body."""

from __future__ import annotations

import pytest

from tavolo.calendar import feed_cache, ical, sources
from tavolo.extensions import db
from tavolo.seminars.models import Speaker
from tests.calendar.helpers import parse
from tests.calendar.test_feeds import _feed_path, _titles
from tests.factories import (
    make_agenda_item,
    make_meeting,
    make_organization,
    make_person,
    make_seminar,
)


def _refuse(*args, **kwargs):
    raise AssertionError("the feed was built")


def test_a_304_and_an_unchanged_feed_build_nothing(app, client, login, people, count_queries,
                                                   monkeypatch):
    meeting = make_meeting(title="Con ordine del giorno")
    make_agenda_item(meeting, title="Bilancio")
    make_seminar(title="Seminario di prova")
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    first = reader.get(path)
    assert _titles(first.data) == {"Con ordine del giorno", "Seminario di prova"}
    monkeypatch.setattr(sources, "load", _refuse)
    monkeypatch.setattr(ical, "entries_ics", _refuse)
    with count_queries() as queries:
        response = reader.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 304
    assert len(queries) <= 4, queries
    assert not any("meetings.title" in q or "seminars.title" in q for q in queries)
    again = reader.get(path)  # no If-None-Match: the body stored for this ETag
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]


def _etag_after(reader, path, change):
    before = reader.get(path)
    change()
    db.session.commit()
    after = reader.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200, "the change did not reach the feed"
    assert after.headers["ETag"] != before.headers["ETag"]
    return after


def test_every_change_of_what_the_feed_shows_gives_a_new_body(app, client, login, people):
    meeting = make_meeting(title="Riunione", created_by=people.coordinator)
    item = make_agenda_item(meeting, title="Primo punto")
    second = make_agenda_item(meeting, title="Secondo punto")
    organisation = make_organization(name="Cooperativa Alfa")
    speaker = make_person(name="Maria Relatrice", organization=organisation)
    seminar = make_seminar(title="Seminario")
    seminar.speakers = [Speaker(position=1, person=speaker, name=speaker.name)]
    db.session.commit()
    path = _feed_path(client, login, people.member)
    reader = app.test_client()

    def description(response, title):
        return next(e.description for e in parse(response.data)[1] if e.summary == title)

    def rename_item():
        item.title = "Punto rinominato"
    assert "Punto rinominato" in description(_etag_after(reader, path, rename_item), "Riunione")

    def drop_item():
        db.session.delete(second)
    assert "Secondo punto" not in description(_etag_after(reader, path, drop_item), "Riunione")

    def rename_organiser():
        people.coordinator.name = "Coordinatrice Rinominata"
    body = _etag_after(reader, path, rename_organiser).get_data(as_text=True)
    assert "Coordinatrice Rinominata" in body

    def rename_speaker():
        speaker.name = "Maria Rinominata"
    response = _etag_after(reader, path, rename_speaker)
    assert "Maria Rinominata" in description(response, "Seminario")

    def rename_organisation():
        organisation.name = "Cooperativa Beta"
    response = _etag_after(reader, path, rename_organisation)
    assert "Cooperativa Beta" in description(response, "Seminario")

    def replace_speakers():
        seminar.speakers = [Speaker(position=1, name="Ospite Esterno", affiliation="Ateneo")]
    response = _etag_after(reader, path, replace_speakers)
    assert "Ospite Esterno" in description(response, "Seminario")

    def add_meeting():
        make_meeting(title="Nuova riunione", commit=False)
    assert "Nuova riunione" in _titles(_etag_after(reader, path, add_meeting).data)


def test_the_reminder_and_the_language_change_the_etag(app, client, login, people):
    make_meeting(title="Riunione")
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    first = reader.get(path)
    login(people.member)
    client.post("/calendar/reminder", data={"cal-reminder": "120"})
    second = reader.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200 and b"TRIGGER:-PT2H" in second.data
    people.member.locale = "en"
    db.session.commit()
    third = reader.get(path, headers={"If-None-Match": second.headers["ETag"]})
    assert third.status_code == 200 and b"Reminder" in third.data


def test_a_stored_body_of_another_version_is_never_served(app, client, login, people):
    make_meeting(title="Vera")
    path = _feed_path(client, login, people.member)
    reader = app.test_client()
    first = reader.get(path)
    with app.test_request_context("/"):
        key = f"user:{people.member.id}"
        feed_cache.put(key, "another-etag", b"BEGIN:VCALENDAR\r\nfalso\r\n")
        assert feed_cache.get(key, first.headers["ETag"].strip('"')) is None
        feed_cache._path(key).write_bytes(b"garbage without a newline")
    again = reader.get(path)
    assert again.data == first.data


def test_the_public_feed_stops_five_years_ahead_the_personal_one_does_not(app, client, login,
                                                                          people):
    make_meeting(kind="enlarged", visibility="public", title="Tra due anni", starts_in_days=700)
    make_meeting(kind="enlarged", visibility="public", title="Tra sei anni",
                 starts_in_days=6 * 365)
    assert _titles(client.get("/calendar/public.ics").data) == {"Tra due anni"}
    personal = app.test_client().get(_feed_path(client, login, people.member))
    assert _titles(personal.data) == {"Tra due anni", "Tra sei anni"}


@pytest.fixture
def redis_cache(app):
    import redis

    url = "redis://127.0.0.1:6379/6"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1")
    app.config["CALENDAR_CACHE_URL"] = url
    app.extensions.pop("calendar_cache_redis", None)
    yield redis.Redis.from_url(url)
    app.extensions.pop("calendar_cache_redis", None)


def test_with_redis_configured_the_body_is_shared_there(app, client, redis_cache, monkeypatch):
    make_meeting(kind="enlarged", visibility="public", title="Pubblica")
    first = client.get("/calendar/public.ics")
    stored = redis_cache.get(feed_cache.REDIS_PREFIX + "public")
    assert stored is not None and stored.endswith(first.data)
    monkeypatch.setattr(sources, "load", _refuse)
    assert client.get("/calendar/public.ics").data == first.data
    redis_cache.delete(feed_cache.REDIS_PREFIX + "public")
