"""Agenda items linked to proposals of the network: forms, visibility rule, display per reader."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Minutes, MinutesStatus
from tavolo.meetings.models.minutes import MinutesFrozen
from tavolo.meetings.services import agenda as service
from tavolo.proposals.models import ProposalStatus
from tavolo.types import utcnow
from tavolo.visibility import Visibility
from tests.factories import make_agenda_item, make_meeting, make_proposal
from tests.meetings.helpers import invite_all

FORM = {"title": "Punto", "duration_minutes": "15", "presenter_id": "", "project_id": "",
        "proposal_id": ""}


def _switch(client, login, user) -> None:
    client.post("/logout")
    login(user)


def _items(meeting_id: int) -> list[AgendaItem]:
    return list(db.session.scalars(sa.select(AgendaItem).where(AgendaItem.meeting_id ==
                                                                meeting_id)))


def test_the_coordinator_links_a_proposal_and_the_agenda_shows_it(client, login, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    proposal = make_proposal(people.partner, title="Tirocini nelle botteghe")
    invite_all(meeting, people.partner_person)
    login(people.coordinator)
    form = client.get(f"/meetings/{meeting.id}/agenda/new").get_data(as_text=True)
    assert f'<option value="{proposal.id}"' in form and "Proposta collegata" in form
    response = client.post(f"/meetings/{meeting.id}/agenda/new",
                           data={**FORM, "title": "Botteghe", "proposal_id": proposal.id})
    assert response.status_code == 303
    [item] = _items(meeting.id)
    assert item.proposal_id == proposal.id
    _switch(client, login, people.partner)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Tirocini nelle botteghe" in page and f"/proposals/{proposal.id}" in page
    assert "Tirocini nelle botteghe" in client.get(f"/meetings/{meeting.id}/print").get_data(
        as_text=True)


@pytest.mark.parametrize("kind, meeting_level, proposal_level, fits", [
    ("enlarged", "network", "core", False),
    ("enlarged", "public", "network", False),
    ("enlarged", "network", "network", True),
    ("core", "core", "core", True),
    ("core", "core", "private", False),
])
def test_a_proposal_fits_a_meeting_only_if_every_reader_of_the_meeting_may_read_it(
        app, people, kind, meeting_level, proposal_level, fits):
    meeting = make_meeting(kind=kind, status="draft", visibility=meeting_level)
    proposal = make_proposal(people.coordinator, visibility=proposal_level)
    data = service.ItemData(title="Punto", proposal_id=proposal.id)
    if fits:
        assert service.add_item(meeting, people.coordinator, data).proposal is proposal
    else:
        with pytest.raises(DomainError, match="non è visibile a tutti i partecipanti"):
            service.add_item(meeting, people.coordinator, data)


def test_a_core_proposal_is_neither_offered_nor_accepted_for_an_enlarged_meeting(
        client, login, people):
    meeting = make_meeting(kind="enlarged", status="draft")
    secret = make_proposal(people.member, title="Laboratorio riservato", visibility="core")
    login(people.coordinator)
    assert "Laboratorio riservato" not in client.get(
        f"/meetings/{meeting.id}/agenda/new").get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/agenda/new",
                           data={**FORM, "proposal_id": secret.id})
    assert response.status_code == 400
    assert "La proposta scelta non esiste o non è visibile" in response.get_data(as_text=True)
    assert _items(meeting.id) == []
    response = client.post(f"/meetings/{meeting.id}/agenda/new",
                           data={**FORM, "proposal_id": "999999"})
    assert response.status_code == 400 and _items(meeting.id) == []


def test_an_invited_partner_proposes_an_item_about_a_proposal_they_may_read(
        client, login, people, in_request):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    invite_all(meeting, people.partner_person)
    mine = make_proposal(people.partner, title="La mia proposta")
    make_proposal(people.member, title="Proposta della rete")
    hidden = make_proposal(people.member, title="Proposta del gruppo", visibility="core")
    login(people.partner)
    form = client.get(f"/meetings/{meeting.id}/agenda/propose").get_data(as_text=True)
    assert "La mia proposta" in form and "Proposta della rete" in form
    assert "Proposta del gruppo" not in form
    response = client.post(f"/meetings/{meeting.id}/agenda/propose",
                           data={**FORM, "proposal_id": hidden.id})
    assert response.status_code == 400 and _items(meeting.id) == []
    response = client.post(f"/meetings/{meeting.id}/agenda/propose",
                           data={**FORM, "title": "Ne parliamo", "proposal_id": mine.id})
    assert response.status_code == 303
    [item] = _items(meeting.id)
    assert item.status == AgendaItemStatus.PROPOSED and item.proposal_id == mine.id


def test_the_agenda_hides_a_proposal_from_readers_who_may_not_read_it(client, login, people):
    """A proposal made core after being linked: partners see the item, not the proposal."""
    meeting = make_meeting(kind="enlarged", status="scheduled")
    proposal = make_proposal(people.member, title="Titolo riservato")
    make_agenda_item(meeting, title="Punto aperto", proposal=proposal)
    invite_all(meeting, people.partner_person, people.member_person)
    proposal.visibility = Visibility.CORE
    db.session.commit()
    login(people.partner)
    for path in [f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/print"]:
        page = client.get(path).get_data(as_text=True)
        assert "Punto aperto" in page and "Titolo riservato" not in page
        assert f"/proposals/{proposal.id}" not in page
    _switch(client, login, people.member)
    assert "Titolo riservato" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)


def test_the_agenda_fragment_shows_the_proposal_like_the_page(client, login, people):
    meeting = make_meeting(status="scheduled")
    proposal = make_proposal(people.member, title="Proposta in frammento")
    first = make_agenda_item(meeting, title="Primo", proposal=proposal)
    make_agenda_item(meeting, title="Secondo")
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/agenda/{first.id}/move",
                           data={"direction": "down"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith("<section") and "Proposta in frammento" in fragment


def test_editing_keeps_an_outdated_link_visible_and_asks_to_change_it(client, login, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    proposal = make_proposal(people.member, title="Diventata riservata")
    item = make_agenda_item(meeting, title="Punto", proposal=proposal)
    proposal.visibility = Visibility.CORE
    db.session.commit()
    login(people.coordinator)
    form = client.get(f"/meetings/{meeting.id}/agenda/{item.id}/edit").get_data(as_text=True)
    assert "Diventata riservata — non visibile a tutti i partecipanti" in form
    response = client.post(f"/meetings/{meeting.id}/agenda/{item.id}/edit",
                           data={**FORM, "title": "Nuovo titolo", "proposal_id": proposal.id})
    assert response.status_code == 400
    db.session.refresh(item)
    assert item.title == "Punto"
    response = client.post(f"/meetings/{meeting.id}/agenda/{item.id}/edit",
                           data={**FORM, "title": "Nuovo titolo"})
    assert response.status_code == 303
    db.session.refresh(item)
    assert (item.title, item.proposal_id) == ("Nuovo titolo", None)


def test_a_proposal_appears_once_on_an_agenda(app, people, in_request):
    meeting = make_meeting(status="scheduled")
    proposal = make_proposal(people.member, title="Una sola volta")
    data = service.ItemData(title="Primo", proposal_id=proposal.id)
    first = service.add_item(meeting, people.coordinator, data)
    db.session.commit()
    with pytest.raises(DomainError, match="è già al punto 1"):
        service.add_item(meeting, people.coordinator, data)
    db.session.rollback()
    other = make_agenda_item(meeting, title="Altro")
    with pytest.raises(DomainError, match="è già al punto 1"):
        service.update_item(other, people.coordinator,
                            service.ItemData(title="Altro", proposal_id=proposal.id))
    db.session.rollback()
    proposed = AgendaItem(meeting_id=meeting.id, status=AgendaItemStatus.PROPOSED,
                          title="Proposto", proposal_id=proposal.id, proposed_at=utcnow())
    db.session.add(proposed)
    db.session.commit()
    with pytest.raises(DomainError, match="è già al punto 1"):
        service.accept_proposal(proposed, people.coordinator)
    db.session.rollback()
    assert [i.id for i in _items(meeting.id) if i.proposal_id == proposal.id
            and i.status == AgendaItemStatus.ACCEPTED] == [first.id]
    # Editing the item that holds the proposal is fine.
    service.update_item(first, people.coordinator,
                        service.ItemData(title="Primo, riveduto", proposal_id=proposal.id))


def test_the_link_is_part_of_approved_minutes(app, people):
    meeting = make_meeting(status="held", starts_in_days=-2)
    item = make_agenda_item(meeting, title="Punto verbalizzato")
    meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1, approved_at=utcnow())
    db.session.commit()
    item.proposal = make_proposal(people.member, commit=False)
    with pytest.raises(MinutesFrozen):
        db.session.flush()
    db.session.rollback()


def test_the_proposal_status_is_shown_beside_the_link(client, login, people):
    meeting = make_meeting(status="scheduled")
    proposal = make_proposal(people.member, title="Adottata e in agenda")
    proposal.status = ProposalStatus.ADOPTED
    make_agenda_item(meeting, proposal=proposal)
    login(people.member)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Proposta della rete:" in page and "Adottata</span>" in page


def test_visitors_of_a_public_agenda_see_only_public_links(client, people):
    """A meeting made public after its items were linked shows visitors neither the network
    proposal nor the network project; a public proposal lists only the public meeting."""
    from tests.factories import make_project

    public = make_meeting(kind="enlarged", status="scheduled", visibility="public",
                          title="Assemblea pubblica")
    network = make_meeting(kind="enlarged", status="scheduled", title="Riunione della rete")
    hidden = make_proposal(people.member, title="Idea per i soli iscritti")
    shown = make_proposal(people.member, title="Proposta pubblica", visibility="public")
    project = make_project(title="Progetto della rete", visibility="network")
    make_agenda_item(public, title="Punto pubblico", proposal=hidden, project=project)
    make_agenda_item(public, title="Altro punto pubblico", proposal=shown)
    make_agenda_item(network, title="Punto della rete", proposal=shown)
    page = client.get(f"/meetings/{public.id}").get_data(as_text=True)
    assert "Punto pubblico" in page and "Proposta pubblica" in page
    assert "Idea per i soli iscritti" not in page and "Progetto della rete" not in page
    page = client.get(f"/proposals/{shown.id}").get_data(as_text=True)
    assert "Assemblea pubblica" in page and "Riunione della rete" not in page
