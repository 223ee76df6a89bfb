"""iCalendar writing: times in Europe/Rome, the VTIMEZONE, and user text that cannot break
the file. Every calendar is read back by icalendar and by vobject."""

from __future__ import annotations

import datetime as dt

import pytest
import vobject
from icalendar import Calendar

from tavolo.calendar import ical
from tavolo.calendar.sources import CalendarEntry, EntryStatus
from tavolo.calendar.timezone import rule_holds, vtimezone
from tavolo.types import ROME
from tests.calendar.helpers import one, parse


def _entry(**overrides) -> CalendarEntry:
    values = dict(source="meetings", uid="abc@tavolo.meetings", sequence=0, title="Riunione",
                  starts_at=dt.datetime(2027, 1, 12, 14, 0, tzinfo=dt.UTC),
                  ends_at=dt.datetime(2027, 1, 12, 16, 0, tzinfo=dt.UTC),
                  status=EntryStatus.CONFIRMED, category="core",
                  category_label="Gruppo ristretto", path="/meetings/1",
                  url="http://tavolo.test/meetings/1", place="Sala", description="Testo",
                  organizer_name="Carla", organizer_email="carla@example.org",
                  created_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
                  last_modified=dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    values.update(overrides)
    return CalendarEntry(**values)


def _calendar(*entries, **options) -> bytes:
    return ical.to_bytes(ical.entries_calendar(entries, **options))


@pytest.mark.parametrize("local, utc_hour", [
    (dt.datetime(2027, 1, 14, 15, 0), 14),   # winter: CET, UTC+1
    (dt.datetime(2027, 7, 14, 15, 0), 13),   # summer: CEST, UTC+2
])
def test_fifteen_o_clock_in_rome_is_the_right_utc_hour(app, local, utc_hour):
    start = local.replace(tzinfo=ROME).astimezone(dt.UTC)
    event = one(_calendar(_entry(starts_at=start, ends_at=start + dt.timedelta(hours=2))))
    assert event.tzid == "Europe/Rome"
    assert event.start_utc == dt.datetime(local.year, local.month, local.day, utc_hour,
                                          tzinfo=dt.UTC)
    assert "DTSTART;TZID=Europe/Rome:" + local.strftime("%Y%m%dT%H%M%S") in \
        event.ical.to_ical().decode()


def _own_zone_offsets(data: bytes, instants) -> tuple[list, list]:
    """Offsets of Europe/Rome as *defined in the file* (the TZID renamed so that neither
    parser can fall back on its own copy of the tz database)."""
    text = data.decode().replace("Europe/Rome", "Tavolo/Prova")
    cal = Calendar.from_ical(text)
    zone = cal.timezones[0].to_tz(lookup_tzid=False)
    vzone = vobject.readOne(text).vtimezone.gettzinfo()
    return ([i.astimezone(zone).utcoffset() for i in instants],
            [i.astimezone(vzone).utcoffset() for i in instants])


def test_the_vtimezone_matches_the_tz_database_in_both_parsers(app):
    data = _calendar(_entry(starts_at=dt.datetime(2003, 3, 4, 14, tzinfo=dt.UTC),
                            ends_at=dt.datetime(2003, 3, 4, 16, tzinfo=dt.UTC)),
                     _entry(uid="b@x", starts_at=dt.datetime(2037, 6, 1, 12, tzinfo=dt.UTC),
                            ends_at=dt.datetime(2037, 6, 1, 13, tzinfo=dt.UTC)))
    text = data.decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text and "RDATE" not in text
    instants = []
    for year in range(2003, 2038):
        for month, day in ((3, 25), (3, 31), (10, 25), (10, 31), (1, 1), (7, 1)):
            for hour in (0, 1, 2):
                instants.append(dt.datetime(year, month, day, hour, 30, tzinfo=dt.UTC))
    expected = [i.astimezone(ROME).utcoffset() for i in instants]
    by_icalendar, by_vobject = _own_zone_offsets(data, instants)
    assert by_icalendar == expected
    assert by_vobject == expected


def test_events_before_1996_get_the_exact_definition_instead(app):
    assert rule_holds(1996, 2030) and not rule_holds(1990, 2000)
    zone = vtimezone(dt.date(1990, 1, 1), dt.date(1990, 12, 31))
    assert "RDATE" in zone.to_ical().decode() or "RRULE" not in zone.to_ical().decode()
    data = _calendar(_entry(starts_at=dt.datetime(1990, 9, 28, 13, tzinfo=dt.UTC),
                            ends_at=dt.datetime(1990, 9, 28, 14, tzinfo=dt.UTC)))
    # Italy went back to winter time on the last Sunday of *September* 1990.
    instants = [dt.datetime(1990, 9, 28, 12, tzinfo=dt.UTC) + dt.timedelta(days=n)
                for n in range(10)]
    by_icalendar, by_vobject = _own_zone_offsets(data, instants)
    expected = [i.astimezone(ROME).utcoffset() for i in instants]
    assert by_icalendar == expected == by_vobject
    assert expected[0] == dt.timedelta(hours=2) and expected[-1] == dt.timedelta(hours=1)


NASTY = 'Verbale, bilancio; 50% \\ "quote" àèìòù €\r\nATTENDEE:mailto:intruso@example.org'


def test_user_text_cannot_add_a_property_or_break_the_file(app):
    data = _calendar(_entry(title=NASTY, place="Via Roma, 1; scala B\nATTENDEE:x",
                            description=NASTY + "\n\rBEGIN:VALARM\r\nEND:VEVENT\x00\x07",
                            organizer_name='Carla "la coordinatrice", sede; 2'))
    event = one(data)
    text = data.decode()
    assert "\nATTENDEE" not in text and "\r\nBEGIN:VALARM" not in text
    assert "ATTENDEE" not in event.property_names
    assert event.summary == ('Verbale, bilancio; 50% \\ "quote" àèìòù € '
                             'ATTENDEE:mailto:intruso@example.org')
    assert event.location == "Via Roma, 1; scala B ATTENDEE:x"
    assert event.description.startswith('Verbale, bilancio; 50% \\ "quote" àèìòù €\n'
                                         'ATTENDEE:mailto:intruso@example.org')
    assert "\x00" not in event.description and "\x07" not in event.description
    assert event.ical["organizer"].params["CN"] == "Carla 'la coordinatrice', sede; 2"
    assert event.vobj.organizer.params["CN"] == ["Carla 'la coordinatrice', sede; 2"]


def test_long_non_ascii_titles_are_folded_without_splitting_characters(app):
    title = "Riunione sull'inserimento lavorativo – àèìòù € " * 6
    event = one(_calendar(_entry(title=title)))
    assert event.summary == " ".join(title.split())


def test_the_published_calendar_has_every_property_clients_need(app):
    data = _calendar(_entry(sequence=3), reminder_minutes=1440, name="Tavolo",
                     refresh=dt.timedelta(hours=1))
    cal, [event] = parse(data)
    assert str(cal["method"]) == "PUBLISH" and str(cal["version"]) == "2.0"
    assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "URL",
            "ORGANIZER", "STATUS", "SEQUENCE", "LAST-MODIFIED", "CATEGORIES",
            "VALARM"} <= event.property_names
    assert event.sequence == 3 and event.status == "CONFIRMED"
    assert str(event.ical["organizer"]) == "mailto:carla@example.org"
    [alarm] = event.ical.subcomponents
    assert alarm.decoded("trigger") == -dt.timedelta(days=1)
    assert event.vobj.valarm.trigger.value == -dt.timedelta(days=1)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data.decode()


def test_cancelled_entries_have_no_reminder(app):
    event = one(_calendar(_entry(status=EntryStatus.CANCELLED), reminder_minutes=60))
    assert event.status == "CANCELLED" and "VALARM" not in event.property_names


def test_the_same_data_gives_the_same_bytes(app):
    """Feeds compute their ETag from the bytes: DTSTAMP must not be the time of the request."""
    assert _calendar(_entry()) == _calendar(_entry())
