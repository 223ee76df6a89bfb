"""Organisation pages: the meetings it attended and the proposals it wrote, per reader."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import sqlalchemy as sa

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.meetings.models import Meeting, MeetingInvitee
from tavolo.meetings.services.organization_links import meetings_for_organizations
from tavolo.proposals.models import Proposal
from tavolo.proposals.organization_links import proposals_for_organizations
from tests.factories import (
    make_invitee,
    make_meeting,
    make_organization,
    make_person,
    make_proposal,
)


def _page(client, org) -> str:
    response = client.get(f"/directory/organizations/{org.id}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def history(people):
    """An association whose contact attended a core meeting (as a guest), an enlarged one, a
    cancelled one and a draft; was invited to another but absent; and wrote proposals."""
    org = make_organization(name="Associazione Storica")
    guest = make_person(organization=org, name="Gina Ospite")
    moved = make_person(organization=make_organization(name="Altro Ente"), name="Ugo Trasferito")
    meetings = {
        "core": make_meeting(kind="core", status="held", starts_in_days=-30,
                             title="Riunione ristretta di marzo"),
        "enlarged": make_meeting(kind="enlarged", status="held", starts_in_days=-20,
                                 title="Riunione allargata di aprile"),
        "cancelled": make_meeting(kind="enlarged", status="cancelled", starts_in_days=-10,
                                  title="Riunione annullata"),
        "draft": make_meeting(kind="enlarged", status="draft", starts_in_days=3,
                              title="Riunione in preparazione"),
        "absent": make_meeting(kind="enlarged", status="held", starts_in_days=-5,
                               title="Riunione senza di loro"),
    }
    for key, meeting in meetings.items():
        make_invitee(meeting, guest, attended=key != "absent")
    # Someone who came for the association then moved elsewhere still counts for it.
    make_invitee(meetings["enlarged"], moved, organization=org, attended=True)
    proposals = {
        "network": make_proposal(people.member, title="Proposta per tutta la rete",
                                 organization=people.core_org, commit=False),
        "core": make_proposal(people.member, title="Proposta del gruppo ristretto",
                              visibility="core", organization=people.core_org, commit=False),
    }
    for proposal in proposals.values():
        proposal.organization = org  # written on its behalf by its former contact
    db.session.commit()
    return org, meetings, proposals


@pytest.mark.parametrize("role, meetings_seen, proposals_seen", [
    ("partner", {"Riunione allargata di aprile"}, {"Proposta per tutta la rete"}),
    ("member", {"Riunione ristretta di marzo", "Riunione allargata di aprile",
                "Riunione in preparazione"},
     {"Proposta per tutta la rete", "Proposta del gruppo ristretto"}),
    ("coordinator", {"Riunione ristretta di marzo", "Riunione allargata di aprile",
                     "Riunione in preparazione"},
     {"Proposta per tutta la rete", "Proposta del gruppo ristretto"}),
])
def test_each_reader_sees_the_meetings_and_proposals_they_may_see(
        client, login, people, history, role, meetings_seen, proposals_seen):
    org, meetings, proposals = history
    login(getattr(people, role))
    page = _page(client, org)
    assert "Riunioni a cui ha partecipato" in page and "Proposte scritte" in page
    for meeting in meetings.values():
        assert (meeting.title in page) is (meeting.title in meetings_seen), meeting.title
    for proposal in proposals.values():
        assert (proposal.title in page) is (proposal.title in proposals_seen), proposal.title
    assert "Gina Ospite, Ugo Trasferito" in page


def test_the_providers_filter_in_sql(app, people, history):
    org, meetings, _proposals = history
    found = meetings_for_organizations([org], people.partner)[org.id]
    assert [(row.meeting.title, row.people) for row in found] == [
        ("Riunione allargata di aprile", ["Gina Ospite", "Ugo Trasferito"])]
    assert proposals_for_organizations([org], None) == {}
    assert meetings_for_organizations([org], None) == {}


def test_an_organisation_without_history_says_so(client, login, people):
    org = make_organization(name="Ente nuovo")
    login(people.partner)
    page = _page(client, org)
    assert "Nessuna presenza registrata alle riunioni che puoi vedere." in page
    assert "Nessuna proposta scritta a nome di questo ente" in page


def test_long_histories_fold_the_older_meetings(client, login, people):
    org = make_organization(name="Ente assiduo")
    person = make_person(organization=org, name="Presente Sempre")
    for n in range(14):
        meeting = make_meeting(kind="enlarged", status="held", starts_in_days=-7 * (n + 1),
                               title=f"Seduta numero {n:02d}", commit=False)
        db.session.add(MeetingInvitee(meeting=meeting, person=person, organization=org,
                                      source="organization", attended=True))
    db.session.commit()
    login(people.partner)
    page = _page(client, org)
    assert "Presente a 14 riunioni." in page
    folded = page[page.index("<details"):]
    assert "Mostra le altre 4 riunioni" in folded
    assert "Seduta numero 13" in folded and "Seduta numero 00" not in folded


def test_the_organisation_page_keeps_its_queries_with_a_long_history(
        client, login, people, count_queries):
    org = make_organization(name="Ente con molta storia")
    person = make_person(organization=org, name="Referente")
    make_invitee(make_meeting(kind="enlarged", status="held", starts_in_days=-1), person,
                 attended=True)
    make_proposal(people.member, organization=people.core_org).organization = org
    db.session.commit()
    login(people.coordinator)
    client.get(f"/directory/organizations/{org.id}")
    with count_queries() as few:
        _page(client, org)
    start = dt.datetime(2025, 3, 4, 14, 0, tzinfo=dt.UTC)
    meeting_ids = db.session.scalars(sa.insert(Meeting).returning(Meeting.id), [
        {"title": f"Seduta {n}", "kind": "core" if n % 2 else "enlarged", "status": "held",
         "visibility": "core" if n % 2 else "network", "uid": f"org-{n}",
         "starts_at": start - dt.timedelta(days=n), "ends_at": start - dt.timedelta(days=n)
         + dt.timedelta(hours=2)} for n in range(120)]).all()
    people_ids = db.session.scalars(sa.insert(Person).returning(Person.id), [
        {"name": f"Persona {n}", "organization_id": org.id} for n in range(3)]).all()
    db.session.execute(sa.insert(MeetingInvitee), [
        {"meeting_id": meeting_id, "person_id": person_id, "organization_id": org.id,
         "source": "organization", "attended": True}
        for meeting_id in meeting_ids for person_id in people_ids])
    author_id = people.partner.id
    db.session.execute(sa.insert(Proposal), [
        {"title": f"Proposta {n}", "author_id": author_id, "organization_id": org.id,
         "visibility": "network", "status": "open"} for n in range(80)])
    db.session.commit()
    with count_queries() as many:
        page = _page(client, org)
    assert "Presente a 121 riunioni." in page and "Proposta 79" in page
    print(f"\norganisation page: {len(few)} queries (1 meeting, 1 proposal), "
          f"{len(many)} (121 meetings, 81 proposals)")
    assert len(many) == len(few)
