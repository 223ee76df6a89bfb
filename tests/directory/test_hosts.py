"""Finding a host business for a new internship, and recording the internships it hosted."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.projects.models import InternshipPlacement
from tests.factories import make_host, make_placement, make_project, make_user


def _rows(client, query: str) -> str:
    return client.get("/directory/hosts?" + query,
                      headers={"HX-Request": "true"}).get_data(as_text=True)


def test_one_filtered_list_finds_a_host(client, login):
    today = dt.date.today()
    forno = make_host(name="Forno Rossi", sector="Panificazione", places=2,
                      accepts_disability=True, last_contact_on=today - dt.timedelta(days=20),
                      conditions="Turno del mattino")
    make_host(name="Bar Centrale", sector="Ristorazione", places=0,
              last_contact_on=today - dt.timedelta(days=500))
    make_host(name="Trattoria Po", sector="Ristorazione", places=3)
    project = make_project(title="Col-labora", code="COL")
    make_placement(forno, project, year=2015, interns=2)
    login(make_user(Role.PARTNER))

    assert "Forno Rossi" in _rows(client, "") and "3 imprese trovate" in _rows(client, "")
    ristorazione = _rows(client, "sector=ristorazione")
    assert "Bar Centrale" in ristorazione and "Forno Rossi" not in ristorazione
    free = _rows(client, "free=1")
    assert "Bar Centrale" not in free and "Trattoria Po" in free
    assert "Forno Rossi" in _rows(client, "disability=1")
    assert "Trattoria Po" not in _rows(client, "disability=1")
    recent = _rows(client, "contacted=6")
    assert "Forno Rossi" in recent and "Bar Centrale" not in recent
    assert "Trattoria Po" not in recent  # never contacted
    placed = _rows(client, f"project={project.id}")
    assert "Forno Rossi" in placed and "Trattoria Po" not in placed and "COL" in placed
    assert "Forno Rossi" in _rows(client, "q=mattino")
    by_places = _rows(client, "sort=places")
    assert by_places.index("Trattoria Po") < by_places.index("Forno Rossi") < \
        by_places.index("Bar Centrale")


def test_placements_of_projects_a_reader_may_not_see_stay_hidden(client, login):
    host = make_host(name="Forno Rossi")
    make_placement(host, make_project(code="RISERVATO", title="Progetto riservato",
                                      visibility="core"))
    login(make_user(Role.PARTNER))
    page = client.get("/directory/hosts").get_data(as_text=True)
    assert "RISERVATO" not in page and "Progetto riservato" not in page
    assert "RISERVATO" not in client.get(
        f"/directory/organizations/{host.id}").get_data(as_text=True)


def test_coordinator_records_edits_and_deletes_placements_with_audit(client, login):
    login(make_user(Role.COORDINATOR))
    host = make_host(name="Forno Rossi")
    project = make_project(title="Iniziative per il lavoro")
    data = {"project_id": str(project.id), "year": "2012", "interns": "2", "months": "3",
            "notes": "Uno assunto"}
    assert client.post(f"/directory/organizations/{host.id}/placements/new",
                       data=data).status_code == 303
    again = client.post(f"/directory/organizations/{host.id}/placements/new", data=data)
    assert again.status_code == 400 and "già registrati" in again.get_data(as_text=True)
    placement = db.session.scalar(sa.select(InternshipPlacement))
    assert (placement.year, placement.interns, placement.months) == (2012, 2, 3)
    assert client.post(f"/directory/placements/{placement.id}/edit",
                       data={**data, "interns": "3"}).status_code == 303
    bad = client.post(f"/directory/placements/{placement.id}/edit", data={**data, "interns": "0"})
    assert bad.status_code == 400 and "tra 1 e 999" in bad.get_data(as_text=True)
    placement_id = placement.id
    assert client.post(f"/directory/placements/{placement_id}/delete").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InternshipPlacement)) == 0
    actions = list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "placement").order_by(AuditEntry.id)))
    assert actions == ["create", "update", "delete"]
    # The host's history still tells about the deleted placement.
    page = client.get(f"/directory/organizations/{host.id}").get_data(as_text=True)
    history = page.split("Registro delle modifiche")[1]
    assert history.count("Tirocini ospitati") == 3 and "Eliminazione" in history
    # And the project's history too.
    project_page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Eliminazione" in project_page.split("Registro delle modifiche")[1]


def test_the_internships_stay_visible_when_a_business_stops_hosting(client, login):
    host = make_host(name="Forno Rossi")
    make_placement(host, make_project(code="INIZ"), year=2009, interns=2)
    host.host = None
    db.session.commit()
    login(make_user(Role.MEMBER))
    page = client.get(f"/directory/organizations/{host.id}").get_data(as_text=True)
    assert "Non è più indicato come disponibile" in page
    hosted = page.split("Tirocini ospitati", 1)[1]
    assert "<td>2009</td>" in hosted and "Registra tirocini" not in hosted
    assert "Forno Rossi" not in _rows(client, "")
