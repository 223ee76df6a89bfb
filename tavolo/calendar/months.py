"""The month grid of the calendar page: weeks from Monday to Sunday, entries by local day."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tavolo.calendar.sources import CalendarEntry
from tavolo.types import ROME

FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass
class Month:
    year: int
    month: int
    weeks: list[list[Day]]

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def days_with_entries(self) -> list[Day]:
        return [day for week in self.weeks for day in week if day.in_month and day.entries]


def parse_month(value: str | None, today: dt.date) -> dt.date:
    """``2026-03`` → 1 March 2026; anything else (or out of range) → this month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def grid_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    """First Monday shown and the day after the last Sunday shown."""
    start = first - dt.timedelta(days=first.weekday())
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    end = last + dt.timedelta(days=7 - last.weekday())
    return start, end


def utc_bounds(first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start, end = grid_bounds(first)
    return (dt.datetime.combine(start, dt.time(0), tzinfo=ROME).astimezone(dt.UTC),
            dt.datetime.combine(end, dt.time(0), tzinfo=ROME).astimezone(dt.UTC))


def build_month(first: dt.date, entries: Iterable[CalendarEntry], today: dt.date) -> Month:
    """The weeks around the month of ``first``, each entry on every local day it touches."""
    start, end = grid_bounds(first)
    by_day: dict[dt.date, list[CalendarEntry]] = defaultdict(list)
    for entry in entries:
        day = entry.starts_at.astimezone(ROME).date()
        last = (entry.ends_at - dt.timedelta(microseconds=1)).astimezone(ROME).date()
        while day <= last:
            by_day[day].append(entry)
            day += dt.timedelta(days=1)
    weeks, day = [], start
    while day < end:
        weeks.append([Day(d, d.month == first.month, d == today, by_day.get(d, []))
                      for d in (day + dt.timedelta(days=i) for i in range(7))])
        day += dt.timedelta(days=7)
    return Month(first.year, first.month, weeks)
