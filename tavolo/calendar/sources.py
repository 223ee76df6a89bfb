"""The areas that put items in the calendar, and what one calendar item is.

The calendar knows nothing of meetings or seminars. Each area registers a *source* when the
app starts; pages, feeds and ``.ics`` files ask every source for its entries, so a new area
(seminars) plugs in without touching the calendar::

    CALENDAR_SOURCES.add(app, CalendarSource(key="seminars", load=seminar_entries,
                                             categories={"seminar": _l("Seminario")}))

``load(query)`` returns the entries ``query.user`` may see that end after ``query.start``
(and start before ``query.end`` when given), ordered by start, at most ``query.limit`` of
them, in a number of SQL queries that does not grow with the number of entries. With
``query.details`` the entries also carry the plain-text description and the organiser,
which feeds and ``.ics`` files need and the month page does not.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

from tavolo.registry import Registry


class EntryStatus(enum.StrEnum):
    """The iCalendar STATUS of an event (RFC 5545 §3.8.1.11)."""

    CONFIRMED = "CONFIRMED"
    TENTATIVE = "TENTATIVE"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarEntry:
    """One item of a calendar, whatever area it comes from.

    ``uid`` is the globally unique iCalendar UID and never changes; ``sequence`` grows with
    every change of time, place or status. Times are aware UTC datetimes.
    """

    source: str
    uid: str
    sequence: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: EntryStatus
    category: str  # core | enlarged | seminar …
    category_label: str
    path: str  # link for pages on this site
    url: str  # the same link, absolute, for calendars and e-mails
    state_label: str = ""  # e.g. "Annullata", "In preparazione"
    place: str = ""
    online_url: str = ""
    description: str = ""  # plain text (with ``query.details``)
    organizer_name: str = ""
    organizer_email: str = ""
    created_at: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    is_example: bool = False

    @property
    def is_cancelled(self) -> bool:
        return self.status == EntryStatus.CANCELLED

    @property
    def is_tentative(self) -> bool:
        return self.status == EntryStatus.TENTATIVE


@dataclass(frozen=True)
class EntryQuery:
    user: object
    start: dt.datetime
    end: dt.datetime | None = None
    limit: int | None = None
    categories: frozenset[str] | None = None  # None: every category
    details: bool = False


@dataclass(frozen=True)
class CalendarSource:
    key: str
    load: Callable[[EntryQuery], list[CalendarEntry]]
    categories: dict[str, object] = field(default_factory=dict)  # key -> lazy label
    order: int = 50


CALENDAR_SOURCES: Registry[CalendarSource] = Registry("calendar_sources")


def categories() -> dict[str, object]:
    """Every category of every source, in source order: ``{key: label}``."""
    result: dict[str, object] = {}
    for source in CALENDAR_SOURCES.entries():
        result.update(source.categories)
    return result


def load(query: EntryQuery) -> list[CalendarEntry]:
    """Entries of every source, merged by start time (then UID, for a stable order)."""
    def order(entry: CalendarEntry):
        return entry.starts_at, entry.uid

    per_source = []
    for source in CALENDAR_SOURCES.entries():
        if query.categories is not None and not (set(source.categories) & query.categories):
            continue
        per_source.append(sorted(source.load(query), key=order))
    merged = list(heapq.merge(*per_source, key=order))
    return merged[:query.limit] if query.limit is not None else merged
