"""Series of meetings, local time across daylight saving, and the time helpers."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import Meeting, MeetingKind, MeetingSeries, MeetingStatus
from tavolo.meetings.services import series as service
from tavolo.meetings.times import local_to_utc, monthly_dates, nth_weekday
from tavolo.types import ROME
from tavolo.visibility import Visibility

NEXT_YEAR = dt.date.today().year + 1


def _data(**overrides) -> service.SeriesData:
    values = dict(title="Gruppo ristretto", kind=MeetingKind.CORE, visibility=Visibility.CORE,
                  ordinal=1, weekday=1, start=dt.time(15), end=dt.time(17),
                  first_date=dt.date(NEXT_YEAR, 1, 1), until_date=dt.date(NEXT_YEAR, 6, 30),
                  place="Sala riunioni")
    values.update(overrides)
    return service.SeriesData(**values)


def test_first_tuesdays_until_june_stay_at_15_local_across_daylight_saving(app, people):
    series = service.create_series(people.coordinator, _data(), invite_network=True)
    db.session.commit()
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).all()
    assert len(meetings) == 6 and all(m.series_id == series.id for m in meetings)
    local = [m.starts_at.astimezone(ROME) for m in meetings]
    assert [d.month for d in local] == [1, 2, 3, 4, 5, 6]
    assert all(d.weekday() == 1 and d.day <= 7 for d in local)  # first Tuesdays
    assert {(d.hour, d.minute) for d in local} == {(15, 0)}
    assert {m.local_end.hour for m in meetings} == {17}
    utc_hours = [m.starts_at.hour for m in meetings]
    assert utc_hours[:2] == [14, 14] and utc_hours[-3:] == [13, 13, 13]  # CET, then CEST
    assert all(m.status == MeetingStatus.DRAFT for m in meetings)
    assert all({i.person_id for i in m.invitees} == {people.coordinator_person.id,
                                                    people.member_person.id}
               for m in meetings)


def test_series_form_previews_then_creates(client, login, people):
    login(people.coordinator)
    form = {"title": "Gruppo ristretto", "kind": "core", "visibility": "core", "ordinal": "1",
            "weekday": "1", "start": "15:00", "end": "17:00",
            "first_date": f"{NEXT_YEAR}-01-01", "until_date": f"{NEXT_YEAR}-06-30",
            "place": "Sala", "online_url": "", "description": ""}
    preview = client.post("/meetings/series/new", data={**form, "preview": "1"})
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "6 riunioni" in page
    assert page.count("martedì") >= 6 and "15:00–17:00" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0
    created = client.post("/meetings/series/new", data={**form, "create": "1"})
    assert created.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingSeries)) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"first_date": dt.date(2001, 1, 1), "until_date": dt.date(2001, 6, 30)}, "nel passato"),
    ({"until_date": dt.date(NEXT_YEAR + 4, 1, 1)}, "al massimo 36"),
    ({"end": dt.time(14)}, "ora di fine"),
    ({"until_date": dt.date(NEXT_YEAR - 1, 1, 1)}, "data finale"),
    ({"first_date": dt.date(NEXT_YEAR, 1, 8), "until_date": dt.date(NEXT_YEAR, 1, 31)},
     "Nessuna data"),
])
def test_bad_series_create_nothing(app, people, overrides, message):
    with pytest.raises(DomainError, match=message):
        service.create_series(people.coordinator, _data(**overrides))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)) == 0


def test_nth_weekday_and_last_weekday():
    assert nth_weekday(2026, 3, 1, 1) == dt.date(2026, 3, 3)
    assert nth_weekday(2026, 3, 1, -1) == dt.date(2026, 3, 31)
    assert nth_weekday(2026, 2, 0, 4) == dt.date(2026, 2, 23)
    assert nth_weekday(2026, 3, 1, 5) == dt.date(2026, 3, 31)
    assert nth_weekday(2026, 2, 1, 5) is None
    assert monthly_dates(dt.date(2026, 3, 4), dt.date(2026, 5, 5), 1, 1) == [
        dt.date(2026, 4, 7), dt.date(2026, 5, 5)]


def test_local_to_utc_follows_the_rome_offset():
    assert local_to_utc(dt.date(2026, 1, 13), dt.time(15)).hour == 14
    assert local_to_utc(dt.date(2026, 7, 7), dt.time(15)).hour == 13
    with pytest.raises(DomainError, match="non esistono"):
        local_to_utc(dt.date(2026, 3, 29), dt.time(2, 30))
