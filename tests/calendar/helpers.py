"""Reading generated calendars back with two independent parsers.

Every calendar the tests look at is parsed by ``icalendar`` (the library that wrote it) and
by ``vobject`` (written by other people, with its own parser and time-zone code): a file
only one of them reads the same way is a file some calendar app will misread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import vobject
from icalendar import Calendar


@dataclass
class ParsedEvent:
    uid: str
    summary: str
    start_utc: dt.datetime
    end_utc: dt.datetime
    sequence: int
    status: str
    location: str
    description: str
    tzid: str | None
    property_names: set[str]
    ical: object  # the icalendar component
    vobj: object  # the vobject component


def _vobject_events(text: str) -> list:
    calendar = vobject.readOne(text)
    return list(getattr(calendar, "vevent_list", []))


def parse(data: bytes | str) -> tuple[Calendar, list[ParsedEvent]]:
    """Both parsers must find the same events with the same times and texts."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    assert "\r\n" in text and not any(len(line.encode()) > 75 for line in text.split("\r\n")), \
        "lines must end with CRLF and be folded at 75 octets"
    cal = Calendar.from_ical(text)
    ical_events = list(cal.walk("VEVENT"))
    vobj_events = _vobject_events(text)
    assert len(ical_events) == len(vobj_events)
    parsed = []
    for ie, ve in zip(ical_events, vobj_events, strict=True):
        start = ie.decoded("dtstart")
        end = ie.decoded("dtend")
        assert ve.dtstart.value.astimezone(dt.UTC) == start.astimezone(dt.UTC)
        assert ve.dtend.value.astimezone(dt.UTC) == end.astimezone(dt.UTC)
        assert str(ie.get("uid")) == ve.uid.value
        assert str(ie.get("summary")) == ve.summary.value
        assert str(ie.get("description", "")) == (ve.description.value
                                                   if hasattr(ve, "description") else "")
        assert int(ie.get("sequence", 0)) == int(ve.sequence.value if hasattr(ve, "sequence")
                                                 else 0)
        names = {child.name for child in ve.getChildren()}
        assert names == {name for name in ie.keys()} | {c.name for c in ie.subcomponents}
        parsed.append(ParsedEvent(
            uid=str(ie.get("uid")), summary=str(ie.get("summary")),
            start_utc=start.astimezone(dt.UTC), end_utc=end.astimezone(dt.UTC),
            sequence=int(ie.get("sequence", 0)), status=str(ie.get("status", "")),
            location=str(ie.get("location", "")), description=str(ie.get("description", "")),
            tzid=ie["dtstart"].params.get("TZID"), property_names=names, ical=ie, vobj=ve))
    return cal, parsed


def method(cal: Calendar) -> str:
    return str(cal.get("method", ""))


def one(data: bytes | str) -> ParsedEvent:
    _cal, events = parse(data)
    assert len(events) == 1
    return events[0]
