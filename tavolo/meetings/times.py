"""Local time in Europe/Rome ⇄ aware UTC, and the dates of a recurring series.

Meetings are typed in local time ("15:00 on 3 March") and stored in UTC. Converting each
occurrence separately — never adding a fixed timedelta to a UTC instant — is what keeps a
series at 15:00 local on both sides of a daylight-saving change.
"""

from __future__ import annotations

import calendar
import datetime as dt

from flask_babel import lazy_gettext as _l

from tavolo.domain import DomainError
from tavolo.types import ROME

MAX_OCCURRENCES = 36


def local_to_utc(day: dt.date, at: dt.time, field: str | None = None) -> dt.datetime:
    """The UTC instant of ``day`` at ``at`` in Europe/Rome.

    A time skipped by the spring change (e.g. 02:30 on the last Sunday of March) does not
    exist and is refused; in the repeated autumn hour the first (summer-time) one is meant.
    """
    local = dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=ROME)
    instant = local.astimezone(dt.UTC)
    if instant.astimezone(ROME).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise DomainError(_l("Le %(time)s del %(day)s non esistono: quella notte gli orologi "
                              "passano all'ora legale. Scegli un altro orario.",
                              time=at.strftime("%H:%M"), day=day.strftime("%d/%m/%Y")), field)
    return instant


def nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date | None:
    """The ``ordinal``-th ``weekday`` (0 = Monday) of a month; ``-1`` is the last one."""
    days_in_month = calendar.monthrange(year, month)[1]
    if ordinal == -1:
        last = dt.date(year, month, days_in_month)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (ordinal - 1)
    return dt.date(year, month, day) if day <= days_in_month else None


def monthly_dates(first: dt.date, until: dt.date, weekday: int, ordinal: int) -> list[dt.date]:
    """Every date matching the rule between ``first`` and ``until`` included."""
    dates = []
    year, month = first.year, first.month
    while (year, month) <= (until.year, until.month):
        day = nth_weekday(year, month, weekday, ordinal)
        if day is not None and first <= day <= until:
            dates.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return dates
