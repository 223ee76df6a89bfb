"""Calendar entries written as iCalendar (RFC 5545) with the ``icalendar`` library.

Nothing here builds text by hand: the library escapes commas, semicolons, backslashes and
line breaks and folds long lines, so a title typed by a user can never add a property.
What the library cannot know is that a title is *one* line: :func:`one_line` and
:func:`clean_text` turn user text into the property values we mean (control characters
dropped, line breaks kept only in descriptions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vDuration

from tavolo.calendar import folding
from tavolo.calendar.sources import CalendarEntry, EntryStatus
from tavolo.calendar.timezone import TZID, vtimezone
from tavolo.forms import clean_line, clean_multiline
from tavolo.lru import LRUCache, digest
from tavolo.types import ROME

PRODID = "-//Tavolo//Tavolo Tecnico Lavoro//IT"

folding.install()

EVENT_CACHE_SIZE = 8192
"""VEVENTs kept written per worker (about 1 KB each)."""
event_cache: LRUCache[bytes] = LRUCache(EVENT_CACHE_SIZE)
_END = b"END:VCALENDAR\r\n"


def clean_text(value: str | None) -> str:
    """User text as a multi-line property value: any line break (CR, LF, VT, FF, U+0085,
    U+2028, U+2029) becomes ``\\n`` (which the library writes escaped); other control and
    bidi characters are dropped (:func:`tavolo.forms.clean_multiline`). Text stored before
    the forms cleaned it is made safe here too."""
    return clean_multiline(value or "")


def one_line(value: str | None) -> str:
    """User text as a single-line value (titles, places, names)."""
    return " ".join(clean_line(value or "").split())


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{one_line(email)}")
    if name:
        # A double quote cannot appear inside a quoted parameter value (RFC 5545 §3.1).
        address.params["CN"] = one_line(name).replace('"', "'")
    return address


def organizer(entry: CalendarEntry) -> vCalAddress | None:
    if not entry.organizer_email:
        return None
    return _address(entry.organizer_email, entry.organizer_name)


def attendee(email: str, name: str) -> vCalAddress:
    """An invitee asked to answer (iMIP REQUEST): needs action, answer requested."""
    address = _address(email, name)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["RSVP"] = "TRUE"
    return address


def _alarm(entry: CalendarEntry, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _("Promemoria: %(title)s", title=one_line(entry.title)))
    alarm.add("trigger", -dt.timedelta(minutes=minutes))
    return alarm


def event(entry: CalendarEntry, *, stamp: dt.datetime | None = None,
          reminder_minutes: int | None = None, status: EntryStatus | None = None) -> Event:
    """One VEVENT. ``stamp`` (DTSTAMP) defaults to the entry's last change, so the same data
    always gives the same bytes (feeds rely on it for their ETag)."""
    component = Event()
    changed = entry.last_modified or entry.created_at or entry.starts_at
    component.add("uid", entry.uid)
    component.add("dtstamp", (stamp or changed).astimezone(dt.UTC))
    component.add("dtstart", entry.starts_at.astimezone(ROME))
    component.add("dtend", entry.ends_at.astimezone(ROME))
    component.add("sequence", entry.sequence)
    component.add("summary", one_line(entry.title))
    location = one_line(entry.place) or one_line(entry.online_url)
    if location:
        component.add("location", location)
    component.add("description", clean_text(entry.description))
    component.add("url", entry.url)
    address = organizer(entry)
    if address is not None:
        component.add("organizer", address)
    component.add("status", (status or entry.status).value)
    component.add("categories", [one_line(entry.category_label)])
    component.add("transp", "OPAQUE")
    if entry.created_at is not None:
        component.add("created", entry.created_at.astimezone(dt.UTC))
    component.add("last-modified", changed.astimezone(dt.UTC))
    if reminder_minutes is not None and (status or entry.status) != EntryStatus.CANCELLED:
        component.add_component(_alarm(entry, reminder_minutes))
    return component


def calendar(events: Iterable[Event], *, method: str = "PUBLISH", name: str | None = None,
             refresh: dt.timedelta | None = None) -> Calendar:
    """A VCALENDAR holding ``events`` and the VTIMEZONE they refer to."""
    events = list(events)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("name", one_line(name))
        cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", TZID)
    if refresh is not None:
        cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    if events:
        starts = [e.decoded("dtstart") for e in events]
        cal.add_component(vtimezone(min(starts).date(), max(starts).date()))
    for component in events:
        cal.add_component(component)
    return cal


def entries_calendar(entries: Iterable[CalendarEntry], *, reminder_minutes: int | None = None,
                     name: str | None = None, refresh: dt.timedelta | None = None,
                     stamp: dt.datetime | None = None) -> Calendar:
    """A published calendar (``.ics`` download or feed) of ``entries``."""
    return calendar([event(entry, stamp=stamp, reminder_minutes=reminder_minutes)
                     for entry in entries], name=name, refresh=refresh)


def to_bytes(cal: Calendar) -> bytes:
    return cal.to_ical()



def event_bytes(entry: CalendarEntry, *, reminder_minutes: int | None = None,
                stamp: dt.datetime | None = None) -> bytes:
    """:func:`event` written as iCalendar, from a per-worker cache keyed by everything the
    text is made of: the entry (every field), DTSTAMP, the reminder and the language of
    the reminder's words."""
    language = str(get_locale() or "") if reminder_minutes is not None else ""
    key = digest(repr((entry, reminder_minutes, stamp, language)))
    text = event_cache.get(key)
    if text is None:
        text = event(entry, stamp=stamp, reminder_minutes=reminder_minutes).to_ical()
        event_cache.put(key, text)
    return text


def entries_ics(entries: list[CalendarEntry], *, reminder_minutes: int | None = None,
                name: str | None = None, refresh: dt.timedelta | None = None,
                stamp: dt.datetime | None = None) -> bytes:
    """The bytes of :func:`entries_calendar`, assembled from cached VEVENTs.

    ``Calendar.to_ical`` writes the calendar's properties, then each subcomponent in order
    (the VTIMEZONE, then the events), then ``END:VCALENDAR``; this writes the calendar
    with its VTIMEZONE only and puts the events' cached text before the end line, which
    gives the same bytes (``tests/calendar/test_event_cache.py``).
    """
    head = calendar([], name=name, refresh=refresh)
    if entries:
        days = [entry.starts_at.astimezone(ROME).date() for entry in entries]
        head.add_component(vtimezone(min(days), max(days)))
    text = head.to_ical()
    if not text.endswith(_END):  # pragma: no cover - a library that writes otherwise
        return to_bytes(entries_calendar(entries, reminder_minutes=reminder_minutes,
                                         name=name, refresh=refresh, stamp=stamp))
    return b"".join([text[:-len(_END)],
                     *(event_bytes(entry, reminder_minutes=reminder_minutes, stamp=stamp)
                       for entry in entries), _END])
