"""An adopted proposal becomes a project, prefilled, linked back, never twice."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.proposals import conversion, services
from tavolo.proposals.models import ProposalStatus
from tests.factories import make_project, make_proposal


@pytest.fixture
def adopted(people):
    proposal = make_proposal(people["partner"], title="Sportello di orientamento nei quartieri",
                             body="Uno sportello **mensile**.\n\nSecondo paragrafo.",
                             organization=people["partner_org"])
    proposal.status = ProposalStatus.ADOPTED
    db.session.commit()
    return proposal


def test_the_form_comes_prefilled_from_the_proposal(client, login, people, adopted):
    login(people["coordinator"])
    page = client.get(f"/proposals/{adopted.id}/project").get_data(as_text=True)
    assert 'value="Sportello di orientamento nei quartieri"' in page
    assert 'value="SPORTELLO-ORIENTAMENTO-QUARTIERI"' in page
    assert "Uno sportello mensile." in page  # the summary, without Markdown marks
    assert f'<option selected value="{people["partner_org"].id}"' in page or \
        f'value="{people["partner_org"].id}" selected' in page


def test_creating_the_project_links_it_both_ways_and_is_audited(client, login, people,
                                                               adopted):
    login(people["coordinator"])
    response = client.post(f"/proposals/{adopted.id}/project", data={
        **conversion.prefill(adopted), "code": "sportello-2027", "start_year": 2027,
        "end_year": "", "lead_organization_id": people["partner_org"].id})
    assert response.status_code == 303
    project = db.session.scalar(sa.select(Project))
    db.session.refresh(adopted)
    assert project.code == "SPORTELLO-2027" and project.start_year == 2027
    assert project.lead_organization_id == people["partner_org"].id
    assert adopted.resulting_project_id == project.id
    assert project in adopted.projects  # so the project's page lists the proposal
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"create", "to_project"} <= actions
    page = client.get(f"/proposals/{adopted.id}").get_data(as_text=True)
    assert "Da questa proposta è nato il progetto" in page
    assert "Trasforma in progetto" not in page
    assert client.get(f"/proposals/{adopted.id}/project").status_code == 403


def test_a_proposal_becomes_a_project_only_once(people, adopted):
    conversion.create_project(people["coordinator"], adopted, title="Uno", code="UNO",
                              start_year=2027, end_year=None, status="approved", summary="",
                              description="", lead_organization=None, visibility="public")
    db.session.commit()
    with pytest.raises(services.ProposalError):
        conversion.create_project(people["coordinator"], adopted, title="Due", code="DUE",
                                  start_year=2027, end_year=None, status="approved",
                                  summary="", description="", lead_organization=None,
                                  visibility="public")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 1


def test_a_concurrent_conversion_is_refused_by_the_conditional_claim(people, adopted):
    """Another coordinator converted it after this request loaded the proposal."""
    other = make_project(code="GIA-FATTO")
    db.session.execute(sa.text("UPDATE proposals SET resulting_project_id = :p WHERE id = :i"),
                       {"p": other.id, "i": adopted.id})
    with pytest.raises(services.ProposalError) as problem:
        # ``adopted`` in memory still has no project: only the database knows.
        conversion.create_project(people["coordinator"], adopted, title="Doppio", code="DOPPIO",
                                  start_year=2027, end_year=None, status="approved",
                                  summary="", description="", lead_organization=None,
                                  visibility="public")
    assert "Nel frattempo" in str(problem.value)
    db.session.rollback()
    assert db.session.scalar(sa.select(Project.id).where(Project.code == "DOPPIO")) is None


def test_a_taken_code_is_a_clear_error(client, login, people, adopted):
    make_project(code="OCCUPATO")
    login(people["coordinator"])
    response = client.post(f"/proposals/{adopted.id}/project", data={
        **conversion.prefill(adopted), "code": "OCCUPATO", "end_year": "",
        "lead_organization_id": 0})
    assert response.status_code == 400
    assert "Esiste già un progetto con il codice OCCUPATO" in response.get_data(as_text=True)


def test_only_coordinators_and_only_adopted_proposals(client, login, people, adopted):
    login(people["member"])
    assert client.get(f"/proposals/{adopted.id}/project").status_code == 403
    client.post("/logout")
    open_one = make_proposal(people["partner"])
    login(people["coordinator"])
    assert client.get(f"/proposals/{open_one.id}/project").status_code == 403


def test_suggested_codes_avoid_existing_ones(app):
    make_project(code="BANCA-DATI-LAVORO")
    assert conversion.suggest_code("Banca dati lavoro") == "BANCA-DATI-LAVORO-2"
    assert conversion.suggest_code("Ù è") == "PROGETTO"
