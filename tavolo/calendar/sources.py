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

``state(query)``, optional, says what ``load(query)`` with details would return without
building it: ``(select, extras)``, a SELECT of one row of aggregates (counts, sums of ids
and sequences, latest changes) and the values the entries are written with besides the
database (words, links). Feeds hash it into their ETag, reading every source's row in one
statement (:func:`state`), so that asking "has anything changed?" builds nothing. It must
change whenever an entry would (one added, removed, edited, or made of other rows that
changed); sources without it are loaded and hashed entry by entry.
"""

from __future__ import annotations

import datetime as dt
import enum
import heapq
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from tavolo.extensions import db
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
    state: Callable[[EntryQuery], object] | None = None


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


def state(query: EntryQuery) -> list:
    """What the entries of ``query`` are made of, in one SQL statement for every source.

    A source's ``state(query)`` returns ``(select, extras)``: a SELECT giving one row of
    aggregates (or ``None`` when the query asks nothing of it) and the values its entries
    are written with besides the database (words, links). The rows of all sources are read
    together, as one statement joining them side by side; a source without ``state`` is
    loaded and its entries taken as they are.
    """
    result: list = []
    selects = []
    for source in CALENDAR_SOURCES.entries():
        if query.categories is not None and not (set(source.categories) & query.categories):
            continue
        if source.state is None or query.limit is not None:
            result.append((source.key, source.load(query)))
            continue
        select, extras = source.state(query)
        result.append((source.key, extras))
        if select is not None:
            selects.append(select.subquery(source.key))
    if selects:
        joined = selects[0]
        for other in selects[1:]:
            joined = joined.join(other, sa.true())
        columns = [column for select in selects for column in select.c]
        row = db.session.execute(sa.select(*columns).select_from(joined)).one()
        result.append(("rows", tuple(row)))
    return result
