"""Proposals: writing, reading by visibility, editing with versions, decisions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.proposals import services
from tavolo.proposals.models import Proposal, ProposalRevision, ProposalStatus
from tests.factories import (
    make_agenda_item,
    make_meeting,
    make_project,
    make_proposal,
    make_round,
    make_user,
)


def test_a_partner_writes_a_proposal_on_behalf_of_their_organisation(client, login, people):
    project = make_project(title="Col-labora in 2")
    login(people["partner"])
    form = client.get(f"/proposals/new?project={project.id}").get_data(as_text=True)
    assert "Associazione partner" in form and 'checked' in form  # organisation and project
    response = client.post("/proposals/new", data={
        "title": "Tirocini nelle botteghe", "body": "Otto **tirocini**.",
        "organization_id": people["partner_org"].id, "visibility": "network",
        "projects": [project.id]})
    assert response.status_code == 303
    proposal = db.session.scalar(sa.select(Proposal))
    assert proposal.author_id == people["partner"].id
    assert proposal.organization_id == people["partner_org"].id
    assert [p.id for p in proposal.projects] == [project.id]
    assert proposal.status == ProposalStatus.OPEN
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>tirocini</strong>" in page and "Aperta ai commenti" in page


def test_bad_input_gets_a_message_and_writes_nothing(client, login, people):
    login(people["partner"])
    response = client.post("/proposals/new", data={"title": "", "body": "x",
                                                   "organization_id": 0,
                                                   "visibility": "network"})
    assert response.status_code == 400
    assert "Scrivi il titolo della proposta." in response.get_data(as_text=True)
    # Someone else's organisation, or a level above one's own clearance: refused.
    other = client.post("/proposals/new", data={"title": "T", "body": "x",
                                                "organization_id": people["core_org"].id,
                                                "visibility": "network"})
    too_high = client.post("/proposals/new", data={"title": "T", "body": "x",
                                                   "organization_id": 0, "visibility": "core"})
    assert other.status_code == 400 and too_high.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 0


def test_anonymous_visitors_are_sent_to_log_in_to_write(client):
    response = client.get("/proposals/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_markdown_is_sanitised(client, login, people):
    proposal = make_proposal(people["partner"], body="<script>alert(1)</script>[x](javascript:alert(1))")
    login(people["member"])
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "javascript:alert" not in page


def test_visibility_is_enforced_on_pages_and_lists(client, login, people):
    core = make_proposal(people["member"], title="Riservata al gruppo", visibility="core")
    public = make_proposal(people["member"], title="Aperta a tutti", visibility="public")
    mine = make_proposal(people["partner"], title="La mia proposta")
    db.session.commit()
    assert client.get(f"/proposals/{public.id}").status_code == 200
    assert client.get(f"/proposals/{core.id}").status_code == 302  # to the login
    anonymous_list = client.get("/proposals/").get_data(as_text=True)
    assert "Aperta a tutti" in anonymous_list and "Riservata al gruppo" not in anonymous_list
    login(people["partner"])
    assert client.get(f"/proposals/{core.id}").status_code == 403
    listing = client.get("/proposals/").get_data(as_text=True)
    assert "Riservata al gruppo" not in listing and "La mia proposta" in listing
    assert "2 proposte" in listing
    assert client.get("/proposals/?q=riservata").get_data(as_text=True).count(
        "Riservata al gruppo") == 0
    assert mine.can_view(people["partner"])


def test_list_filters_by_status_project_text_and_author(client, login, people):
    project = make_project()
    make_proposal(people["partner"], title="Sportello di ascolto", projects=[project])
    adopted = make_proposal(people["member"], title="Banca dati")
    adopted.status = ProposalStatus.ADOPTED
    db.session.commit()
    login(people["partner"])
    assert "Banca dati" in client.get("/proposals/?status=adopted").get_data(as_text=True)
    assert "Sportello" not in client.get("/proposals/?status=adopted").get_data(as_text=True)
    assert "Banca dati" not in client.get(f"/proposals/?project={project.id}").get_data(
        as_text=True)
    assert "Sportello" in client.get("/proposals/?q=ASCOLTO").get_data(as_text=True)
    assert "Banca dati" not in client.get("/proposals/?mine=1").get_data(as_text=True)


def test_list_answers_the_filter_form_with_a_fragment_for_htmx(client, people):
    make_proposal(people["member"], title="Pubblica", visibility="public")
    full = client.get("/proposals/")
    fragment = client.get("/proposals/", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="proposal-list"' in body and "Pubblica" in body
    assert "HX-Request" in fragment.headers["Vary"]


def test_editing_keeps_every_version_viewable_with_the_changes(client, login, people):
    proposal = make_proposal(people["partner"], title="Prima", body="riga uno\nriga due")
    login(people["partner"])
    response = client.post(f"/proposals/{proposal.id}/edit", data={
        "title": "Seconda", "body": "riga uno\nriga tre", "organization_id": 0,
        "visibility": "network", "version": 1})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.version == 2 and proposal.title == "Seconda"
    numbers = db.session.scalars(sa.select(ProposalRevision.number).where(
        ProposalRevision.proposal_id == proposal.id)).all()
    assert sorted(numbers) == [1, 2]
    old = client.get(f"/proposals/{proposal.id}/versions?v=1").get_data(as_text=True)
    assert "Prima" in old and "riga due" in old
    diff = client.get(f"/proposals/{proposal.id}/versions?v=2").get_data(as_text=True)
    assert "riga tre" in diff and "riga due" in diff and "diff-add" in diff


def test_a_stale_edit_is_refused_instead_of_overwriting(client, login, people):
    proposal = make_proposal(people["partner"], title="Originale")
    services.edit_proposal(people["partner"], proposal, expected_version=1, title="Altra",
                           body=proposal.body, visibility="network", organization=None,
                           projects=[])
    db.session.commit()
    login(people["partner"])
    response = client.post(f"/proposals/{proposal.id}/edit", data={
        "title": "Sovrascritta", "body": "x", "organization_id": 0, "visibility": "network",
        "version": 1})
    assert response.status_code == 400
    assert "Nel frattempo" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.title == "Altra"


def test_only_the_author_edits_and_only_while_open_for_comments(client, login, people):
    proposal = make_proposal(people["partner"])
    login(people["member"])
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    client.post("/logout")
    make_round([proposal])
    login(people["partner"])
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 403
    with pytest.raises(services.ProposalError):
        services.edit_proposal(people["partner"], proposal, expected_version=1, title="x",
                               body="y", visibility="network", organization=None, projects=[])


def test_the_coordinator_adopts_or_sets_aside_with_history_and_audit(client, login, people):
    proposal = make_proposal(people["partner"])
    login(people["coordinator"])
    response = client.post(f"/proposals/{proposal.id}/status",
                           data={"status": "adopted", "note": "Finanziata"})
    assert response.status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.ADOPTED
    history = services.history_of(proposal)
    assert [(h.from_status, h.to_status, h.note) for h in history][-1] == (
        ProposalStatus.OPEN, ProposalStatus.ADOPTED, "Finanziata")
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.object_type == "proposal"))
    assert entry.changes == {"status": ["open", "adopted"]}
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Finanziata" in page


def test_no_decision_while_its_round_is_still_open_and_members_cannot_decide(client, login,
                                                                           people):
    proposal = make_proposal(people["partner"])
    make_round([proposal])
    with pytest.raises(services.ProposalError):
        services.decide(people["coordinator"], proposal, ProposalStatus.ADOPTED)
    login(people["member"])
    assert client.post(f"/proposals/{proposal.id}/status",
                       data={"status": "adopted"}).status_code == 403


def test_the_author_withdraws_an_open_proposal(client, login, people):
    proposal = make_proposal(people["partner"])
    login(people["partner"])
    assert client.post(f"/proposals/{proposal.id}/withdraw").status_code == 303
    db.session.refresh(proposal)
    assert proposal.status == ProposalStatus.SET_ASIDE


def test_forms_need_the_csrf_token(client, login, people):
    login(people["partner"])
    response = client.post("/proposals/new", csrf=False, data={
        "title": "T", "body": "x", "organization_id": 0, "visibility": "network"})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Proposal)) == 0


def test_list_and_detail_pages_keep_a_bounded_number_of_queries(client, login, people,
                                                                count_queries):
    author = people["partner"]
    projects = [make_project(commit=False) for _ in range(5)]
    for n in range(60):
        make_proposal(author, title=f"Proposta {n}", projects=projects[: n % 4],
                      commit=False)
    db.session.commit()
    login(people["member"])
    client.get("/proposals/")
    with count_queries() as listing:
        assert client.get("/proposals/").status_code == 200
    target = db.session.scalars(sa.select(Proposal)).first()
    from tavolo.proposals.comments import add_comment

    parent = None
    for n in range(120):
        writer = make_user(password=None, commit=False) if n % 10 == 0 else author
        comment, _ = add_comment(writer, target, f"commento {n}", parent=parent, notify=False)
        parent = comment if n % 3 == 0 else None
    for n in range(20):  # the meetings area's section: agenda items about the proposal
        make_agenda_item(make_meeting(status="held", starts_in_days=-n - 1, commit=False),
                         title=f"Punto {n}", proposal=target, commit=False)
    db.session.commit()
    with count_queries() as detail:
        response = client.get(f"/proposals/{target.id}")
    assert response.status_code == 200 and "Punto 19" in response.get_data(as_text=True)
    assert len(listing) <= 12, listing
    assert len(detail) <= 16, detail
