"""The VTIMEZONE for Europe/Rome that every calendar client reads the same way.

Events carry ``DTSTART;TZID=Europe/Rome`` and the calendar must define that zone.
``icalendar`` can derive a definition from the tz database, but it lists each change as an
``RDATE``, which Outlook is known to misread (it keeps one offset and shifts half the year
by an hour). Google, Outlook and Apple themselves publish the zone as two yearly rules, so
that is what we write — with ``icalendar`` components, and only after checking against the
tz database that the rule really holds for every year the calendar covers. If it does not
(an event before 1996, when Italy followed other rules, or a future change of the law), the
library's exact ``RDATE`` definition is used instead.
"""

from __future__ import annotations

import datetime as dt
import functools

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from tavolo.types import ROME

TZID = "Europe/Rome"
RULE_SINCE = 1996  # the EU rule (last Sunday of March / October) applies in Italy since 1996
_CET = dt.timedelta(hours=1)
_CEST = dt.timedelta(hours=2)


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@functools.lru_cache(maxsize=64)
def rule_holds(first_year: int, last_year: int) -> bool:
    """True when Europe/Rome switches at 01:00 UTC on the last Sundays of March and October,
    and at no other moment, in every year from ``first_year`` to ``last_year``."""
    if first_year < RULE_SINCE:
        return False
    for year in range(first_year, last_year + 1):
        spring = dt.datetime.combine(_last_sunday(year, 3), dt.time(1), tzinfo=dt.UTC)
        autumn = dt.datetime.combine(_last_sunday(year, 10), dt.time(1), tzinfo=dt.UTC)
        moment = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        # Noon UTC of each day, and the two minutes around each switch.
        while moment.year == year:
            expected = _CEST if spring <= moment < autumn else _CET
            if moment.astimezone(ROME).utcoffset() != expected:
                return False
            moment += dt.timedelta(days=1)
        for switch, before, after in ((spring, _CET, _CEST), (autumn, _CEST, _CET)):
            if (switch - dt.timedelta(minutes=1)).astimezone(ROME).utcoffset() != before \
                    or switch.astimezone(ROME).utcoffset() != after:
                return False
    return True


def _rule_component() -> Timezone:
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    daylight = TimezoneDaylight()
    daylight.add("tzoffsetfrom", _CET)
    daylight.add("tzoffsetto", _CEST)
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", dt.datetime(RULE_SINCE, 3, 31, 2, 0))
    daylight.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"}))
    standard = TimezoneStandard()
    standard.add("tzoffsetfrom", _CEST)
    standard.add("tzoffsetto", _CET)
    standard.add("tzname", "CET")
    standard.add("dtstart", dt.datetime(RULE_SINCE, 10, 27, 3, 0))
    standard.add("rrule", vRecur({"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"}))
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def vtimezone(first: dt.date, last: dt.date) -> Timezone:
    """The Europe/Rome definition valid for events between ``first`` and ``last``."""
    if rule_holds(first.year, last.year + 1):
        return _rule_component()
    return Timezone.from_tzid(TZID, first_date=first - dt.timedelta(days=366),
                              last_date=last + dt.timedelta(days=366))
