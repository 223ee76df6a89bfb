"""The meeting page loads what its reader will see: visitors get no invitees loaded, yet see
the organisations present in approved minutes, in the same few queries at any size."""

from __future__ import annotations

from tavolo.extensions import db
from tavolo.meetings.models import Minutes, MinutesStatus
from tavolo.meetings.services import minutes as minutes_service
from tests.factories import make_invitee, make_meeting, make_organization, make_person


def _held_public_meeting(invitees: int, prefix: str = "Ente"):
    meeting = make_meeting(kind="enlarged", visibility="public", status="held",
                           starts_in_days=-3, title="Assemblea di rete")
    for n in range(invitees):
        organization = make_organization(name=f"{prefix} {n:03d}", commit=False)
        person = make_person(name=f"Persona Riservata {n}", organization=organization,
                             commit=False)
        make_invitee(meeting, person, attended=n % 2 == 0, commit=False)
    with minutes_service.minutes_unfrozen():
        meeting.minutes = Minutes(summary="Si è discusso del **bilancio**.",
                                  status=MinutesStatus.APPROVED, version=1,
                                  approved_at=meeting.ends_at)
    db.session.commit()
    return meeting


def test_visitors_see_the_organisations_present_but_no_names(app, client, people):
    meeting = _held_public_meeting(4)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ente 000, Ente 002" in page and "Ente 001" not in page
    assert "Persona Riservata" not in page and "<strong>bilancio</strong>" in page


def test_a_visitors_meeting_page_needs_the_same_queries_for_few_or_many_invitees(
        app, client, count_queries):
    figures = []
    for size in (2, 60):
        meeting = _held_public_meeting(size, prefix=f"Ente di {size}")
        client.get(f"/meetings/{meeting.id}")
        with count_queries() as queries:
            response = client.get(f"/meetings/{meeting.id}")
        assert response.status_code == 200
        assert not any("FROM meeting_invitees" in q and "people" in q for q in queries)
        figures.append(len(queries))
    assert figures[0] == figures[1], figures


def test_logged_in_readers_still_see_the_invitees(app, client, login, people):
    meeting = _held_public_meeting(3)
    login(people.member)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Persona Riservata 0" in page and 'id="invitees"' in page
