"""Another area (seminars, when they exist) plugs its items into every calendar view by
registering a source; nothing in the calendar changes."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from tavolo.calendar import sources
from tavolo.calendar.sources import CalendarEntry, CalendarSource, EntryStatus
from tavolo.types import ROME
from tests.calendar.helpers import parse
from tests.factories import make_meeting


def _seminar(start: dt.datetime) -> CalendarEntry:
    return CalendarEntry(source="seminars", uid="seminar-1@tavolo.seminars", sequence=0,
                         title="Seminario sul lavoro femminile", starts_at=start,
                         ends_at=start + dt.timedelta(hours=3), status=EntryStatus.CONFIRMED,
                         category="seminar", category_label="Seminario", path="/seminars/1",
                         url="http://tavolo.test/seminars/1", place="Cascina Roccafranca",
                         description="Relatrici e materiali.")


def test_a_registered_source_appears_in_pages_and_feeds(app, client):
    start = dt.datetime(2031, 4, 8, 9, 30, tzinfo=ROME).astimezone(dt.UTC)
    asked = []

    def load(query):
        asked.append(query)
        inside = query.start < start + dt.timedelta(hours=3) and (
            query.end is None or start < query.end)
        return [_seminar(start)] if inside else []

    sources.CALENDAR_SOURCES.add(app, CalendarSource(key="seminars", load=load, order=20,
                                                     categories={"seminar": "Seminario"}))
    make_meeting(kind="enlarged", visibility="public", title="Assemblea",
                 starts_at=dt.datetime(2031, 4, 8, 15, tzinfo=ROME).astimezone(dt.UTC))
    page = client.get("/calendar/?month=2031-04").get_data(as_text=True)
    soup = BeautifulSoup(page, "html.parser")
    cell = soup.find("time", attrs={"datetime": "2031-04-08"}).find_parent("td")
    titles = [a.select_one(".cal-title").text for a in cell.select("a.cal-entry")]
    assert titles == ["Seminario sul lavoro femminile", "Assemblea"]  # by time of day
    assert cell.select("a.cal-entry svg use")[0]["href"].endswith("#it-presentation")
    assert '<option value="seminar"' in page  # the filter offers the new kind
    only = client.get("/calendar/?month=2031-04&kind=seminar").get_data(as_text=True)
    assert "Assemblea" not in only and "Seminario sul lavoro femminile" in only
    feed = client.get("/calendar/public.ics")
    events = {e.summary: e for e in parse(feed.data)[1]}
    assert set(events) >= {"Seminario sul lavoro femminile"}
    assert [str(c) for c in events["Seminario sul lavoro femminile"].ical["categories"].cats] \
        == ["Seminario"]
    assert all(not q.details for q in asked[:2]) and asked[-1].details
