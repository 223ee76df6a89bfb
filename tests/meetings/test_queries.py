"""Pages keep a fixed number of SQL queries whatever the amount of data."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingInvitee,
    Minutes,
    MinutesStatus,
)
from tavolo.meetings.services.links import links_for_projects
from tavolo.meetings.services.minutes import minutes_unfrozen
from tavolo.projects.models import Project
from tavolo.types import utcnow
from tests.factories import make_meeting, make_project, make_proposal
from tests.meetings.helpers import invite_all


def _fill(meeting: Meeting, *, items: int, invitees: int, actions: int, projects,
          proposals=()) -> None:
    """Bulk inserts: organisations, people, invitees, agenda items (linking ``proposals`` in
    turn, if given), decisions, actions."""
    orgs = db.session.scalars(sa.insert(Organization).returning(Organization.id), [
        {"name": f"Ente {meeting.id}-{n}", "kind": "association", "ring": "core"}
        for n in range(max(1, invitees // 4))]).all()
    person_ids = db.session.scalars(sa.insert(Person).returning(Person.id), [
        {"name": f"Persona {meeting.id}-{n}", "organization_id": orgs[n % len(orgs)],
         "email": f"p{meeting.id}-{n}@example.org"} for n in range(invitees)]).all()
    db.session.execute(sa.insert(MeetingInvitee), [
        {"meeting_id": meeting.id, "person_id": pid, "organization_id": orgs[n % len(orgs)],
         "source": "organization", "attended": n % 3 == 0}
        for n, pid in enumerate(person_ids)])
    item_ids = db.session.scalars(sa.insert(AgendaItem).returning(AgendaItem.id), [
        {"meeting_id": meeting.id, "position": n + 1, "title": f"Punto {n + 1}",
         "duration_minutes": 5, "presenter_id": person_ids[n % len(person_ids)],
         "project_id": projects[n % len(projects)].id, "notes": "Note **importanti**.",
         "proposal_id": proposals[n % len(proposals)].id if proposals else None}
        for n in range(items)]).all()
    db.session.execute(sa.insert(Decision), [
        {"meeting_id": meeting.id, "text": f"Decisione {n}", "position": n,
         "project_id": projects[n % len(projects)].id, "agenda_item_id": item_ids[n]}
        for n in range(min(items, actions))])
    with minutes_unfrozen():
        db.session.execute(sa.insert(ActionItem), [
            {"meeting_id": meeting.id, "what": f"Azione {n}", "owner_id": person_ids[n],
             "agenda_item_id": item_ids[n % len(item_ids)], "due_on": dt.date(2030, 1, 1)}
            for n in range(actions)])
    db.session.commit()


def _meeting_page(client, meeting_id, count_queries) -> int:
    client.get(f"/meetings/{meeting_id}")  # warm up: login and locale
    with count_queries() as queries:
        response = client.get(f"/meetings/{meeting_id}")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "member"])
def test_meeting_page_with_30_items_and_60_invitees(client, login, people, count_queries, role):
    projects = [make_project() for _ in range(3)]
    proposals = [make_proposal(people.member, title=f"Proposta {n}") for n in range(4)]
    small = make_meeting(status="held", starts_in_days=-1)
    big = make_meeting(status="held", starts_in_days=-1)
    for meeting in (small, big):
        meeting.minutes = Minutes(status=MinutesStatus.DRAFT, summary="Resoconto")
    db.session.commit()
    _fill(small, items=2, invitees=3, actions=1, projects=projects, proposals=proposals)
    _fill(big, items=30, invitees=60, actions=20, projects=projects, proposals=proposals)
    earlier = make_meeting(status="held", starts_in_days=-20)
    _fill(earlier, items=5, invitees=8, actions=8, projects=projects)  # the follow-up section
    invite_all(big, getattr(people, f"{role}_person"))
    invite_all(small, getattr(people, f"{role}_person"))
    login(getattr(people, role))
    few = _meeting_page(client, small.id, count_queries)
    many = _meeting_page(client, big.id, count_queries)
    print(f"\nmeeting page as {role}: {few} queries (small), "
          f"{many} queries (30 items, 60 invitees)")
    assert many == few
    assert many <= 20
    page = client.get(f"/meetings/{big.id}").get_data(as_text=True)
    assert "Punto 30" in page and "Persona" in page and "Proposta 3" in page


def test_lists_and_action_overview_stay_bounded(client, login, people, count_queries):
    projects = [make_project() for _ in range(2)]
    for n in range(40):
        meeting = make_meeting(status="held", starts_in_days=-n - 1, commit=False)
        db.session.add(meeting)
    db.session.commit()
    meetings = db.session.scalars(sa.select(Meeting)).all()
    for meeting in meetings[:12]:
        meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1,
                                  approved_at=utcnow())
    db.session.commit()
    for meeting in meetings[:12]:
        _fill(meeting, items=3, invitees=6, actions=6, projects=projects)
    invite_all(meetings[0], people.member_person)
    login(people.member)
    figures = {}
    for path in ["/meetings/?when=past", f"/meetings/?when=past&project={projects[0].id}",
                 "/meetings/actions", "/meetings/actions?status=all",
                 "/meetings/actions/mine"]:
        client.get(path)
        with count_queries() as queries:
            assert client.get(path).status_code == 200
        figures[path] = len(queries)
    print("\n" + "\n".join(f"{path}: {count} queries" for path, count in figures.items()))
    assert max(figures.values()) <= 10


def test_project_provider_is_two_queries_for_any_number_of_projects(app, people,
                                                                    count_queries):
    projects = [make_project() for _ in range(5)]
    meeting = make_meeting(status="held", starts_in_days=-3)
    meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=utcnow())
    db.session.commit()
    _fill(meeting, items=25, invitees=10, actions=10, projects=projects)
    db.session.expire_all()
    projects = db.session.scalars(sa.select(Project)).all()
    reader = db.session.get(type(people.member), people.member.id)
    with count_queries() as queries:
        found = links_for_projects(projects, reader)
        for links in found.values():
            for link in links:
                assert link.meeting.title
    assert len(queries) == 2
    assert sum(len(v) for v in found.values()) == 25 + 10
