"""``/meetings/<id>.ics``: who may download it, what it says, and SEQUENCE over changes."""

from __future__ import annotations

import datetime as dt

import pytest

from tavolo.auth.models import Role
from tavolo.calendar import feeds
from tavolo.extensions import db
from tavolo.meetings.models import MeetingKind
from tavolo.meetings.services import meetings as service
from tavolo.types import ROME
from tavolo.visibility import Visibility
from tests.calendar.helpers import one, parse
from tests.factories import make_agenda_item, make_meeting, make_user


def _ics(client, meeting):
    return client.get(f"/meetings/{meeting.id}.ics")


@pytest.mark.parametrize("kind, visibility, reader, visible", [
    ("core", "core", None, False), ("core", "core", "partner", False),
    ("core", "core", "member", True), ("enlarged", "network", None, False),
    ("enlarged", "network", "partner", True), ("enlarged", "public", None, True),
])
def test_only_readers_of_the_meeting_get_its_file(client, login, people, kind, visibility,
                                                  reader, visible):
    meeting = make_meeting(kind=kind, visibility=visibility)
    if reader:
        login(getattr(people, reader))
    response = _ics(client, meeting)
    assert response.status_code == (200 if visible else 404)


def test_drafts_are_for_the_core_group_and_tentative(client, login, people):
    meeting = make_meeting(kind="enlarged", visibility="public", status="draft")
    assert _ics(client, meeting).status_code == 404
    login(people.member)
    event = one(_ics(client, meeting).data)
    assert event.status == "TENTATIVE"
    assert "in preparazione" in event.description


def test_the_file_describes_the_meeting(client, login, people):
    local = dt.datetime(2031, 7, 15, 15, 0, tzinfo=ROME)
    meeting = make_meeting(kind="enlarged", visibility="network", title="Rete allargata, luglio",
                           starts_at=local.astimezone(dt.UTC), hours=2,
                           place="Sala Valdocco; piano 1", online_url="https://meet.example.org/x",
                           created_by=people.coordinator, description="Porta i dati 2030.")
    make_agenda_item(meeting, title="Bilancio delle iniziative", duration_minutes=30)
    make_agenda_item(meeting, title="Col-labora in 2", duration_minutes=20)
    login(people.partner)
    response = _ics(client, meeting)
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    cal, [event] = parse(response.data)
    assert str(cal["method"]) == "PUBLISH"
    assert event.uid == f"{meeting.uid}@tavolo.meetings"
    assert event.start_utc == dt.datetime(2031, 7, 15, 13, 0, tzinfo=dt.UTC)
    assert event.summary == "Rete allargata, luglio" and event.location == "Sala Valdocco; piano 1"
    assert f"http://tavolo.test/meetings/{meeting.id}" in event.description
    assert str(event.ical["url"]) == f"http://tavolo.test/meetings/{meeting.id}"
    assert "1. 15:00 Bilancio delle iniziative" in event.description
    assert "2. 15:30 Col-labora in 2" in event.description
    assert "Porta i dati 2030." in event.description and "https://meet.example.org/x" in \
        event.description
    assert str(event.ical["organizer"]) == f"mailto:{people.coordinator.email}"
    assert event.ical["organizer"].params["CN"] == people.coordinator.name
    assert [str(c) for c in event.ical["categories"].cats] == ["Rete allargata"]
    assert "LAST-MODIFIED" in event.property_names and "DTSTAMP" in event.property_names
    [alarm] = event.ical.subcomponents
    assert alarm.decoded("trigger") == -dt.timedelta(days=1)


def test_visitors_see_the_site_as_organiser_not_a_personal_address(client, people):
    meeting = make_meeting(kind="enlarged", visibility="public", created_by=people.coordinator)
    event = one(_ics(client, meeting).data)
    assert people.coordinator.email not in _ics(client, meeting).get_data(as_text=True)
    assert str(event.ical["organizer"]).startswith("mailto:")


def test_the_reminder_follows_the_users_choice(client, login, people):
    meeting = make_meeting()
    feeds.set_reminder(people.member, 30)
    db.session.commit()
    login(people.member)
    [alarm] = one(_ics(client, meeting).data).ical.subcomponents
    assert alarm.decoded("trigger") == -dt.timedelta(minutes=30)
    feeds.set_reminder(people.member, None)
    db.session.commit()
    assert "VALARM" not in one(_ics(client, meeting).data).property_names


def test_the_meeting_page_offers_the_download_outside_boosted_navigation(client, login, people):
    meeting = make_meeting()
    login(people.member)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    link = f'href="/meetings/{meeting.id}.ics" hx-boost="false"'
    assert link in page and "Aggiungi al calendario" in page


def _data(meeting, **changes) -> service.MeetingData:
    values = dict(title=meeting.title, kind=MeetingKind(meeting.kind),
                  visibility=Visibility(meeting.visibility), day=meeting.local_start.date(),
                  start=meeting.local_start.time(), end=meeting.local_end.time(),
                  place=meeting.place, online_url=meeting.online_url,
                  description=meeting.description, quorum=meeting.quorum)
    values.update(changes)
    return service.MeetingData(**values)


def test_sequence_grows_with_each_change_and_never_with_other_edits(client, login, people,
                                                                   in_request):
    meeting = make_meeting(status="scheduled", created_by=people.coordinator)
    login(people.member)
    seen = [one(_ics(client, meeting).data).sequence]
    uid = one(_ics(client, meeting).data).uid

    def apply(**changes):
        service.update_meeting(meeting, people.coordinator, _data(meeting, **changes))
        db.session.commit()
        event = one(_ics(client, meeting).data)
        assert event.uid == uid
        seen.append(event.sequence)

    apply(title="Titolo nuovo", description="Altro testo")  # unrelated: same sequence
    apply(start=dt.time(16, 0), end=dt.time(18, 0))       # time: +1
    apply(place="Sala grande")                             # place: +1
    apply(description="Ancora un altro testo")             # unrelated
    make_agenda_item(meeting, title="Nuovo punto")         # agenda: unrelated
    seen.append(one(_ics(client, meeting).data).sequence)
    service.cancel(meeting, people.coordinator, "Sala non disponibile")  # status: +1
    db.session.commit()
    cancelled = one(_ics(client, meeting).data)
    seen.append(cancelled.sequence)
    assert seen == [0, 0, 1, 2, 2, 2, 3]
    assert cancelled.status == "CANCELLED" and "Sala non disponibile" in cancelled.description


def test_a_partner_never_gets_a_core_meeting_even_by_guessing_its_number(client, login,
                                                                         people):
    meetings = [make_meeting(kind="core") for _ in range(3)]
    login(people.partner)
    assert {_ics(client, m).status_code for m in meetings} == {404}
    assert client.get("/meetings/999999.ics").status_code == 404


def test_an_account_without_a_person_still_downloads(client, login):
    user = make_user(Role.MEMBER)
    login(user)
    assert _ics(client, make_meeting()).status_code == 200
