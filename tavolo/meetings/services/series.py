"""Series: "every first Tuesday of the month, 15:00–17:00, until June" as single meetings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tavolo.audit.services import record
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import MeetingKind, MeetingSeries
from tavolo.meetings.services.meetings import MeetingData, create_meeting
from tavolo.meetings.times import MAX_OCCURRENCES, local_to_utc, monthly_dates
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

ORDINAL_LABELS = {1: _l("primo"), 2: _l("secondo"), 3: _l("terzo"), 4: _l("quarto"),
                  -1: _l("ultimo")}
WEEKDAY_LABELS = {0: _l("lunedì"), 1: _l("martedì"), 2: _l("mercoledì"), 3: _l("giovedì"),
                  4: _l("venerdì"), 5: _l("sabato"), 6: _l("domenica")}


@dataclass
class SeriesData:
    title: str
    kind: MeetingKind
    visibility: Visibility
    ordinal: int
    weekday: int
    start: dt.time
    end: dt.time
    first_date: dt.date
    until_date: dt.date
    place: str = ""
    online_url: str = ""
    description: str = ""


def rule_label(ordinal: int, weekday: int, start: dt.time, end: dt.time) -> str:
    return str(_l("ogni %(ordinal)s %(weekday)s del mese, dalle %(start)s alle %(end)s",
                  ordinal=ORDINAL_LABELS[ordinal], weekday=WEEKDAY_LABELS[weekday],
                  start=start.strftime("%H:%M"), end=end.strftime("%H:%M")))


def occurrences(data: SeriesData) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) of each meeting of the series, in UTC, each converted from local
    time on its own day so that daylight saving never shifts the local hour."""
    if data.ordinal not in ORDINAL_LABELS or data.weekday not in WEEKDAY_LABELS:
        raise DomainError(_l("Scegli il giorno della settimana e quale nel mese."), "ordinal")
    if data.until_date < data.first_date:
        raise DomainError(_l("La data finale deve essere uguale o successiva a quella "
                              "iniziale."), "until_date")
    if data.end <= data.start:
        raise DomainError(_l("L'ora di fine deve essere successiva all'ora di inizio dello "
                              "stesso giorno: una riunione non prosegue oltre la mezzanotte."),
                           "end")
    dates = monthly_dates(data.first_date, data.until_date, data.weekday, data.ordinal)
    if not dates:
        raise DomainError(_l("Nessuna data corrisponde alla regola nel periodo scelto."),
                           "until_date")
    if len(dates) > MAX_OCCURRENCES:
        raise DomainError(_l("Una serie può avere al massimo %(max)d riunioni: accorcia il "
                              "periodo.", max=MAX_OCCURRENCES), "until_date")
    result = [(local_to_utc(day, data.start, "start"), local_to_utc(day, data.end, "end"))
              for day in dates]
    if result[0][0] < utcnow():
        raise DomainError(_l("La prima riunione della serie (%(day)s) sarebbe nel passato: "
                              "scegli una data iniziale futura.",
                              day=dates[0].strftime("%d/%m/%Y")), "first_date")
    return result


def create_series(actor, data: SeriesData, *, invite_network: bool = False) -> MeetingSeries:
    """Create the series and each of its meetings (drafts, to be circulated one by one)."""
    times = occurrences(data)
    series = MeetingSeries(title=data.title.strip(), kind=data.kind, ordinal=data.ordinal,
                           weekday=data.weekday, local_start=data.start, local_end=data.end,
                           first_date=data.first_date, until_date=data.until_date,
                           created_by_id=actor.id)
    db.session.add(series)
    for starts_at, _ends_at in times:
        create_meeting(actor, MeetingData(
            title=data.title, kind=data.kind, visibility=data.visibility,
            day=starts_at.astimezone(ROME).date(),
            start=data.start, end=data.end, place=data.place, online_url=data.online_url,
            description=data.description), invite_network=invite_network, series=series)
    db.session.flush()
    record(actor, "create", "meeting_series", series.id, series.title,
           {"rule": [None, rule_label(data.ordinal, data.weekday, data.start, data.end)],
            "meetings": [None, len(times)]})
    return series
