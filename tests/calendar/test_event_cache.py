"""Feeds assembled from cached VEVENTs are byte for byte the calendar the library writes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from flask_babel import force_locale

from tavolo.calendar import ical
from tavolo.calendar.sources import EntryStatus
from tests.calendar.helpers import parse
from tests.calendar.test_ical import _entry


def _entries():
    base = _entry()
    return [
        base,
        dataclasses.replace(base, uid="b@tavolo.meetings", title="Riunione – più lunga; " * 6,
                            description="Ordine del giorno:\n1. bilancio\\n, virgole; " * 9,
                            starts_at=dt.datetime(2027, 7, 1, 7, tzinfo=dt.UTC),
                            ends_at=dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC)),
        dataclasses.replace(base, uid="c@tavolo.meetings", status=EntryStatus.CANCELLED,
                            organizer_email="", place="", online_url="https://meet.example"),
    ]


@pytest.fixture(autouse=True)
def empty_cache():
    ical.event_cache.clear()
    yield
    ical.event_cache.clear()


@pytest.mark.parametrize("options", [
    {}, {"reminder_minutes": 30, "name": "Tavolo – calendario",
         "refresh": dt.timedelta(hours=1)},
    {"reminder_minutes": 0, "stamp": dt.datetime(2027, 1, 1, tzinfo=dt.UTC)},
])
def test_assembled_feed_equals_the_library_calendar(app, options):
    with app.test_request_context("/"):
        expected = ical.to_bytes(ical.entries_calendar(_entries(), **options))
        assert ical.entries_ics(_entries(), **options) == expected  # cold
        assert ical.entries_ics(_entries(), **options) == expected  # from the cache
        assert len(ical.event_cache) == 3
    parse(expected)


def test_an_empty_feed_is_the_same_too(app):
    with app.test_request_context("/"):
        assert ical.entries_ics([], name="Vuoto") == ical.to_bytes(
            ical.entries_calendar([], name="Vuoto"))


def test_a_changed_entry_reminder_or_language_is_written_again(app):
    with app.test_request_context("/"):
        entry = _entry()
        first = ical.event_bytes(entry, reminder_minutes=15)
        renamed = ical.event_bytes(dataclasses.replace(entry, title="Nuovo titolo"),
                                   reminder_minutes=15)
        assert b"SUMMARY:Nuovo titolo" in renamed and b"SUMMARY:Riunione" in first
        assert b"TRIGGER:-PT30M" in ical.event_bytes(entry, reminder_minutes=30)
        with force_locale("en"):
            english = ical.event_bytes(entry, reminder_minutes=15)
        assert english != first and b"Promemoria" in first and b"Promemoria" not in english
        assert ical.event_bytes(entry, reminder_minutes=15) == first
