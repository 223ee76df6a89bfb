"""An adopted proposal taken to the agenda of the next meeting, and the agenda items shown back
on the proposal's page."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Meeting
from tavolo.meetings.services import proposal_links
from tavolo.proposals.models import ProposalStatus
from tavolo.types import utcnow
from tavolo.visibility import Visibility
from tests.factories import make_agenda_item, make_meeting, make_project, make_proposal

ADOPTED = {"status": ProposalStatus.ADOPTED}
BUTTON = "Porta all'ordine del giorno della prossima riunione"


def _url(proposal, meeting=None) -> str:
    query = f"?meeting={meeting.id}" if meeting is not None else ""
    return f"/meetings/agenda/from-proposal/{proposal.id}{query}"


def _days_ago(days: int, hours: int = 0) -> dt.datetime:
    return utcnow().replace(microsecond=0) - dt.timedelta(days=days) + dt.timedelta(hours=hours)


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _linked(proposal) -> list[AgendaItem]:
    return list(db.session.scalars(sa.select(AgendaItem).where(
        AgendaItem.proposal_id == proposal.id)))


def _form(page_data: dict | None = None, **values) -> dict:
    data = {"title": "Punto", "description": "", "duration_minutes": "20", "presenter_id": "",
            "project_id": ""}
    data.update(page_data or {})
    data.update(values)
    return data


@pytest.mark.parametrize("status, role, offered", [
    (ProposalStatus.ADOPTED, "coordinator", True),
    (ProposalStatus.OPEN, "coordinator", False),
    (ProposalStatus.SET_ASIDE, "coordinator", False),
    (ProposalStatus.ADOPTED, "member", False),
    (ProposalStatus.ADOPTED, "partner", False),
])
def test_the_follow_up_is_offered_to_coordinators_for_adopted_proposals(
        client, login, people, status, role, offered):
    proposal = make_proposal(people.partner, status=status)
    login(getattr(people, role))
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert (BUTTON in page) is offered
    assert (_url(proposal) in page) is offered


def test_the_next_meeting_is_proposed_with_the_item_prefilled(client, login, people):
    project, other = make_project(title="Col-labora in 2"), make_project(title="Zeta")
    proposal = make_proposal(people.member, title="Tirocini nelle botteghe",
                             body="Primo paragrafo con **Markdown**.\n\nSecondo paragrafo.",
                             projects=[project, other], **ADOPTED)
    make_meeting(status="cancelled", starts_in_days=2, title="Annullata")
    make_meeting(status="scheduled", starts_in_days=-0.01, title="Già iniziata")
    make_meeting(status="held", starts_in_days=-7, title="Svolta")
    later = make_meeting(status="draft", starts_in_days=30, title="Riunione di marzo")
    nearest = make_meeting(status="scheduled", starts_in_days=5, title="Riunione di febbraio")
    login(people.coordinator)
    response = client.get(_url(proposal))
    assert response.status_code == 200
    page = _text(response)
    for title in ["Annullata", "Già iniziata", "Svolta"]:
        assert title not in page
    assert page.index("Riunione di febbraio") < page.index("Riunione di marzo")
    assert f'<option value="{nearest.id}" selected' in page
    assert 'value="Tirocini nelle botteghe"' in page
    assert "Primo paragrafo con **Markdown**." in page and "Secondo paragrafo" not in page
    assert f'<option value="{project.id}" selected' in page
    assert f'<option value="{people.member_person.id}" selected' in page
    assert 'name="meeting" value="%d"' % nearest.id in page
    assert f'<option value="{later.id}" selected' in _text(client.get(
        _url(proposal, later)))


def test_adding_puts_the_item_at_the_end_linked_to_proposal_and_project(client, login, people):
    project = make_project()
    proposal = make_proposal(people.member, title="Da discutere", projects=[project], **ADOPTED)
    meeting = make_meeting(status="scheduled", starts_in_days=5)
    make_agenda_item(meeting, title="Primo punto")
    login(people.coordinator)
    response = client.post(_url(proposal), data=_form(meeting=meeting.id, title="Da discutere",
                                                     project_id=project.id))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}#item-"
                                                 f"{_linked(proposal)[0].id}")
    [item] = _linked(proposal)
    assert (item.meeting_id, item.position, item.status, item.project_id, item.duration_minutes) \
        == (meeting.id, 2, AgendaItemStatus.ACCEPTED, project.id, 20)
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "All'ordine del giorno" in page and meeting.title in page
    assert f"/meetings/{meeting.id}#item-{item.id}" in page


def test_a_second_submit_adds_nothing(client, login, people):
    proposal = make_proposal(people.member, **ADOPTED)
    meeting = make_meeting(status="scheduled")
    login(people.coordinator)
    assert client.post(_url(proposal), data=_form(meeting=meeting.id)).status_code == 303
    response = client.post(_url(proposal), data=_form(meeting=meeting.id))
    assert response.status_code == 400
    assert "è già al punto 1 dell'ordine del giorno" in _text(response)
    assert len(_linked(proposal)) == 1
    page = _text(client.get(_url(proposal, meeting)))
    assert "La proposta è già al punto 1" in page and 'name="title"' not in page


def test_bad_input_changes_nothing(client, login, people):
    proposal = make_proposal(people.member, **ADOPTED)
    meeting = make_meeting(status="scheduled")
    login(people.coordinator)
    response = client.post(_url(proposal), data=_form(meeting=meeting.id, title=""))
    assert response.status_code == 400
    assert "Scrivi il titolo del punto." in _text(response)
    response = client.post(_url(proposal), data=_form(meeting=meeting.id, project_id="999999"))
    assert response.status_code == 400 and _linked(proposal) == []


def test_a_meeting_that_cannot_take_it_is_refused(client, login, people):
    proposal = make_proposal(people.member, visibility="core", **ADOPTED)
    enlarged = make_meeting(kind="enlarged", status="scheduled", starts_in_days=3)
    cancelled = make_meeting(status="cancelled", starts_in_days=4)
    login(people.coordinator)
    for meeting in (enlarged, cancelled):
        response = client.post(_url(proposal), data=_form(meeting=meeting.id))
        assert response.status_code == 303
        assert response.headers["Location"].endswith(_url(proposal))
        assert client.get(_url(proposal, meeting)).status_code == 404
    assert _linked(proposal) == []


def test_without_an_upcoming_meeting_the_page_says_so_and_offers_to_create_one(
        client, login, people):
    proposal = make_proposal(people.member, visibility="core", **ADOPTED)
    make_meeting(kind="enlarged", status="scheduled")
    login(people.coordinator)
    page = _text(client.get(_url(proposal)))
    assert "Non c'è nessuna riunione in programma" in page
    assert "1 riunione in programma non è elencata" in page
    assert 'href="/meetings/new"' in page and 'name="title"' not in page


@pytest.mark.parametrize("role, expected", [("member", 403), ("partner", 403), (None, 302)])
def test_only_coordinators_take_proposals_to_the_agenda(client, login, people, role, expected):
    proposal = make_proposal(people.member, **ADOPTED)
    meeting = make_meeting(status="scheduled")
    if role:
        login(getattr(people, role))
    assert client.get(_url(proposal)).status_code == expected
    assert client.post(_url(proposal), data=_form(meeting=meeting.id)).status_code == expected
    assert _linked(proposal) == []


def test_a_proposal_not_adopted_is_sent_back_to_its_page(client, login, people):
    proposal = make_proposal(people.member)
    meeting = make_meeting(status="scheduled")
    login(people.coordinator)
    response = client.post(_url(proposal), data=_form(meeting=meeting.id))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}")
    assert _linked(proposal) == []


def test_the_author_presents_only_where_they_may_attend(app, people):
    proposal = make_proposal(people.partner, **ADOPTED)
    core = make_meeting(kind="core", status="scheduled")
    enlarged = make_meeting(kind="enlarged", status="scheduled")
    assert proposal_links.prefill(proposal, core, people.coordinator).presenter_id is None
    assert proposal_links.prefill(proposal, enlarged, people.coordinator).presenter_id \
        == people.partner_person.id


def test_the_proposal_page_lists_only_the_items_its_reader_may_see(client, login, people):
    proposal = make_proposal(people.member, title="Seguita", **ADOPTED)
    core = make_meeting(kind="core", status="scheduled", title="Riunione del gruppo")
    enlarged = make_meeting(kind="enlarged", status="held", starts_in_days=-3,
                            title="Riunione della rete")
    cancelled = make_meeting(kind="enlarged", status="cancelled", title="Riunione annullata")
    draft = make_meeting(kind="enlarged", status="draft", title="Riunione in preparazione")
    for meeting in (core, enlarged, cancelled, draft):
        make_agenda_item(meeting, title=f"Punto di {meeting.title}", proposal=proposal)
    db.session.add(AgendaItem(meeting_id=enlarged.id, status=AgendaItemStatus.PROPOSED,
                              title="Proposto soltanto", proposal_id=proposal.id))
    db.session.commit()
    reader = {"member": people.member, "partner": people.partner}
    seen = {}
    for role, user in reader.items():
        items = proposal_links.agenda_items_for_proposal(proposal, user)
        seen[role] = {item.meeting.title for item in items}
    assert seen["member"] == {"Riunione del gruppo", "Riunione della rete",
                              "Riunione in preparazione"}
    assert seen["partner"] == {"Riunione della rete"}
    login(people.partner)
    page = _text(client.get(f"/proposals/{proposal.id}"))
    assert "Riunione della rete" in page
    for hidden in ["Riunione del gruppo", "Riunione annullata", "Riunione in preparazione",
                   "Proposto soltanto"]:
        assert hidden not in page


def test_the_proposal_page_keeps_its_queries_with_many_agenda_items(
        client, login, people, count_queries):
    proposal = make_proposal(people.member, **ADOPTED)
    make_agenda_item(make_meeting(status="held", starts_in_days=-1), proposal=proposal)
    login(people.coordinator)
    client.get(f"/proposals/{proposal.id}")
    with count_queries() as few:
        assert client.get(f"/proposals/{proposal.id}").status_code == 200
    meetings = db.session.scalars(sa.insert(Meeting).returning(Meeting.id), [
        {"title": f"Riunione {n}", "kind": "core", "status": "held", "visibility": "core",
         "starts_at": _days_ago(n + 2), "ends_at": _days_ago(n + 2, hours=2), "uid": f"u-{n}"}
        for n in range(60)]).all()
    db.session.execute(sa.insert(AgendaItem), [
        {"meeting_id": meeting_id, "position": 1, "title": f"Punto {n}", "proposal_id":
         proposal.id} for n, meeting_id in enumerate(meetings)])
    db.session.commit()
    with count_queries() as many:
        response = client.get(f"/proposals/{proposal.id}")
    assert response.status_code == 200 and "Riunione 59" in _text(response)
    print(f"\nproposal page: {len(few)} queries (1 agenda item), {len(many)} (61 items)")
    assert len(many) == len(few)


def test_follow_up_page_keeps_its_queries_with_many_meetings(client, login, people,
                                                           count_queries):
    proposal = make_proposal(people.member, visibility=Visibility.NETWORK, **ADOPTED)
    make_meeting(status="scheduled", starts_in_days=3)
    login(people.coordinator)
    client.get(_url(proposal))
    with count_queries() as few:
        assert client.get(_url(proposal)).status_code == 200
    for n in range(40):
        make_meeting(kind="core" if n % 2 else "enlarged", status="scheduled",
                     starts_in_days=4 + n, commit=False)
    db.session.commit()
    with count_queries() as many:
        assert client.get(_url(proposal)).status_code == 200
    print(f"\nfollow-up page: {len(few)} queries (1 meeting), {len(many)} (41 meetings)")
    assert len(many) == len(few)
