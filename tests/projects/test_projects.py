"""Projects: the coordinator's edits, deletion rules, the filtered list and its totals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.projects.models import Objective, Project, ProjectOutcome, ProjectStatus, TargetGroup
from tests.factories import (
    make_deliberation,
    make_host,
    make_organization,
    make_outcome,
    make_placement,
    make_project,
)


def _form(**overrides) -> dict:
    data = {"title": "Sport Obiettivo Lavoro", "code": "sport-lavoro", "start_year": "2013",
            "end_year": "2015", "status": "completed", "visibility": "public",
            "summary": "Brevetti di bagnino", "description": "Corsi di **nuoto**",
            "lead_organization_id": "", "partner_ids": [], "target_groups": [],
            "objective_ids": []}
    data.update(overrides)
    return data


def test_coordinator_creates_a_project_with_its_organisations_and_groups(client, coordinator):
    lead, partner = make_organization(name="Centro Europa 01"), make_organization(name="Ufficio")
    objective = Objective(position=1, text="ampliare le opportunità di formazione")
    db.session.add(objective)
    db.session.commit()
    response = client.post("/projects/new", data=_form(
        lead_organization_id=str(lead.id), partner_ids=[str(partner.id)],
        target_groups=["young_adults", "youth_under_18"], objective_ids=[str(objective.id)]))
    assert response.status_code == 303
    project = db.session.scalar(sa.select(Project))
    assert project.code == "SPORT-LAVORO" and project.status == ProjectStatus.COMPLETED
    assert project.partners == [partner] and project.lead_organization == lead
    assert set(project.target_groups) == {TargetGroup.YOUNG_ADULTS, TargetGroup.YOUTH_UNDER_18}
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(object_type="project"))
    assert entry.action == "create" and entry.changes["partners"] == [None, ["Ufficio"]]
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "<strong>nuoto</strong>" in page and "Centro Europa 01" in page
    assert "Giovani under 18 (fascia A)" in page


@pytest.mark.parametrize("overrides, message", [
    ({"title": ""}, "Scrivi il titolo"),
    ({"code": "con spazi è"}, "lettere senza accenti"),
    ({"start_year": "2015", "end_year": "2013"}, "non può precedere"),
    ({"start_year": "anno"}, "anno in cifre"),
    ({"status": "inventato"}, "Non è una opzione valida"),
])
def test_bad_project_input_changes_nothing(client, coordinator, overrides, message):
    response = client.post("/projects/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_the_lead_cannot_also_be_a_partner_and_codes_are_unique(client, coordinator):
    org = make_organization()
    same = client.post("/projects/new", data=_form(lead_organization_id=str(org.id),
                                                    partner_ids=[str(org.id)]))
    assert "non va indicato anche tra i partner" in same.get_data(as_text=True)
    make_project(code="SPORT-LAVORO", title="Esistente")
    duplicate = client.post("/projects/new", data=_form())
    assert duplicate.status_code == 400
    assert "è già usato dal progetto «Esistente»" in duplicate.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 1


def test_edits_are_audited_and_outdated_pages_refused(client, coordinator):
    project = make_project(code="DONNE", title="Donne & Anziani")
    version = project.version
    data = _form(code="DONNE", title="Donne & Anziani: rete solidale", version=str(version),
                 target_groups=["women"])
    assert client.post(f"/projects/{project.id}/edit", data=data).status_code == 303
    entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="update")).one()
    assert entry.changes["title"] == ["Donne & Anziani", "Donne & Anziani: rete solidale"]
    assert entry.changes["target_groups"] == [[], ["women"]]
    stale = client.post(f"/projects/{project.id}/edit", data={**data, "title": "Altro"})
    assert stale.status_code == 400 and "qualcun altro" in stale.get_data(as_text=True)
    db.session.refresh(project)
    assert project.title == "Donne & Anziani: rete solidale"


def test_funding_history_and_placements_forbid_deletion(client, coordinator):
    funded = make_project(title="Con delibere")
    make_deliberation(funded, contribution_cents=100)
    hosted = make_project(title="Con tirocini")
    make_placement(make_host(), hosted)
    for project, reason in [(funded, "Ha 1 delibera"), (hosted, "Ha inserito tirocinanti")]:
        page = client.get(f"/projects/{project.id}/delete").get_data(as_text=True)
        assert reason in page and "Sì, elimina" not in page
        response = client.post(f"/projects/{project.id}/delete",
                               data={"version": str(project.version)})
        assert response.status_code == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Project)) == 2


def test_deleting_a_project_lists_and_removes_its_outcomes(client, coordinator):
    project = make_project(title="Da eliminare", partners=[make_organization(name="Partner")])
    make_outcome(project, label="Corsi svolti", count=2)
    page = client.get(f"/projects/{project.id}/delete").get_data(as_text=True)
    assert "Corsi svolti" in page and "collegamento con 1 ente partner" in page
    project_id = project.id
    assert client.post(f"/projects/{project_id}/delete",
                       data={"version": str(project.version)}).status_code == 303
    db.session.expunge_all()
    assert db.session.get(Project, project_id) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProjectOutcome)) == 0
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="delete"))
    assert entry.changes["outcomes"] == [["2 × Corsi svolti"], None]
    assert entry.changes["partners"] == [["Partner"], None]


def test_list_filters_and_totals_of_the_filtered_set(client):
    lead = make_organization(name="Progetto Marconi")
    a = make_project(title="Col-labora in 2", start_year=2014, end_year=2015,
                     lead_organization=lead, status=ProjectStatus.COMPLETED)
    a.target_groups = ["businesses"]
    b = make_project(title="Banca Dati Lavoro", start_year=2006, end_year=None)
    c = make_project(title="Aladino", start_year=2006, end_year=2010,
                     status=ProjectStatus.SET_ASIDE)
    make_project(title="Riservato", visibility="core", start_year=2014)
    db.session.commit()
    make_deliberation(a, contribution_cents=300_000)
    make_deliberation(a, contribution_cents=1_400_000, total_spend_cents=None)
    make_deliberation(b, contribution_cents=5, total_spend_cents=2_722_500)
    make_deliberation(c, contribution_cents=None, total_spend_cents=100)

    def rows(query=""):
        return client.get("/projects/?" + query, headers={"HX-Request": "true"}).get_data(
            as_text=True)

    everything = rows()
    assert "3 progetti trovati" in everything and "Riservato" not in everything
    assert "€ 17.000,05" in everything and "€ 27.226,00" in everything
    in_2014 = rows("year=2014")
    assert "Col-labora" in in_2014 and "Banca Dati" in in_2014 and "Aladino" not in in_2014
    assert "€ 17.000,05" in in_2014
    only_a = rows(f"organization={lead.id}")
    assert "1 progetto trovato" in only_a and "€ 17.000,00" in only_a
    assert "Aladino" in rows("status=set_aside") and "Col-labora" not in rows("status=set_aside")
    assert "Col-labora" in rows("target=businesses") and "Aladino" not in rows("target=businesses")
    assert "Banca Dati" in rows("q=banca") and "Col-labora" not in rows("q=banca")
    assert "0 progetti trovati" in rows("year=1990")
