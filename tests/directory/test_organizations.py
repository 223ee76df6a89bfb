"""Organisations: the coordinator's edits, their audit trail, deletion rules, concurrency."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import Role
from tavolo.directory import services
from tavolo.directory.models import InternshipHost, Organization, Person, WorkArea
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.projects.models import Project, project_partners
from tests.factories import (
    make_deliberation,
    make_host,
    make_organization,
    make_person,
    make_placement,
    make_project,
    make_user,
)


@pytest.fixture
def coordinator(client, login):
    user = make_user(Role.COORDINATOR, name="Carla Coordinatrice")
    login(user)
    return user


def _form(**overrides) -> dict:
    data = {"name": "Associazione Il Ponte", "short_name": "Il Ponte", "kind": "association",
            "ring": "extended", "areas": ["young_people", "migrants"], "address": "Via Tripoli 1",
            "phone": "011 123 4567", "email": "info@ilponte.example", "website": "www.ilponte.it",
            "description": "Doposcuola e **orientamento**.", "active_since": "2010",
            "active_until": ""}
    data.update(overrides)
    return data


def _values(**overrides) -> dict:
    """What the form hands to the services: typed values."""
    values = {**_form(**overrides), "active_since": 2010, "active_until": None}
    values["areas"] = overrides.get("areas", [])
    return values


def _entries(object_type: str) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.object_type == object_type).order_by(AuditEntry.id)))


def test_coordinator_creates_an_organisation_and_the_audit_log_says_so(client, coordinator):
    response = client.post("/directory/organizations/new", data=_form())
    assert response.status_code == 303
    org = db.session.scalar(sa.select(Organization).filter_by(name="Associazione Il Ponte"))
    assert response.headers["Location"].endswith(f"/directory/organizations/{org.id}")
    assert set(org.areas) == {WorkArea.YOUTH, WorkArea.MIGRANTS}
    assert org.website == "https://www.ilponte.it"
    assert org.active_since == 2010 and org.active_until is None and org.host is None
    [entry] = _entries("organization")
    assert entry.action == "create" and entry.actor_id == coordinator.id
    assert entry.changes["name"] == [None, "Associazione Il Ponte"]
    assert entry.changes["areas"] == [None, ["migrants", "young_people"]]
    page = client.get(f"/directory/organizations/{org.id}").get_data(as_text=True)
    assert "<strong>orientamento</strong>" in page
    assert "Registro delle modifiche" in page and "Creazione" in page
    assert "Carla Coordinatrice" in page


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Scrivi il nome dell"),
    ({"email": "non-una-mail"}, "e-mail non è valido"),
    ({"website": "ftp://x"}, "indirizzo del sito"),
    ({"active_since": "2015", "active_until": "2010"}, "non può precedere"),
    ({"active_since": "duemila"}, "anno in cifre"),
    ({"phone": "chiamami"}, "solo cifre"),
    ({"hosts_internships": "y", "host_sector": ""}, "settore"),
    ({"hosts_internships": "y", "host_sector": "Bar", "host_places": "-1"}, "tra 0 e 999"),
    ({"areas": ["astronauti"]}, "non è valida"),
])
def test_bad_input_is_explained_and_nothing_is_saved(client, coordinator, overrides, message):
    response = client.post("/directory/organizations/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0
    assert _entries("organization") == []


def test_a_second_organisation_with_the_same_name_is_refused(client, coordinator):
    make_organization(name="Associazione Il Ponte")
    response = client.post("/directory/organizations/new",
                           data=_form(name="  associazione il ponte "))
    assert response.status_code == 400
    assert "Esiste già un ente di nome" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 1


def test_edit_records_old_and_new_values_and_the_host_profile(client, coordinator):
    org = make_organization(name="Bar Sport", kind="business")
    response = client.post(f"/directory/organizations/{org.id}/edit", data=_form(
        name="Bar Sport", kind="business", areas=["businesses"], version=str(org.version),
        hosts_internships="y", host_sector="Ristorazione", host_places="2",
        host_last_contact_on="15/03/2026", host_conditions="Solo mattina"))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    db.session.refresh(org)
    assert org.host.sector == "Ristorazione" and org.host.places == 2
    assert org.host.last_contact_on.isoformat() == "2026-03-15"
    entry = _entries("organization")[-1]
    assert entry.action == "update"
    assert entry.changes["address"] == ["", "Via Tripoli 1"]
    assert entry.changes["host.sector"] == [None, "Ristorazione"]
    assert entry.changes["areas"] == [[], ["businesses"]]
    # Unticking "can host internships" removes the profile, and says so in the log.
    client.post(f"/directory/organizations/{org.id}/edit", data=_form(
        name="Bar Sport", kind="business", areas=["businesses"], version=str(org.version)))
    assert db.session.get(InternshipHost, org.id) is None
    assert _entries("organization")[-1].changes["host.sector"] == ["Ristorazione", None]


def test_an_edit_made_on_an_outdated_page_is_refused(client, coordinator):
    org = make_organization(name="Centro Studi")
    old_version = org.version
    services.update_organization(coordinator, org, expected_version=old_version,
                                 **_values(name="Centro Studi"))
    db.session.commit()
    response = client.post(f"/directory/organizations/{org.id}/edit",
                           data=_form(name="Centro Studi Nuovo", version=str(old_version)))
    assert response.status_code == 400
    assert "qualcun altro ha modificato" in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.name == "Centro Studi"


def test_a_concurrent_write_between_reading_and_saving_rolls_everything_back(app, coordinator):
    org = make_organization(name="Ente A")
    db.session.execute(sa.update(Organization).where(Organization.id == org.id)
                       .values(version=Organization.version + 1)
                       .execution_options(synchronize_session=False))
    from tavolo.editing import saving

    with app.test_request_context(), saving() as saved:
        services.update_organization(coordinator, org, **_values(name="Ente B"))
    assert not saved
    assert "qualcun altro ha modificato" in saved.error
    assert db.session.scalar(sa.select(Organization.name)) == "Ente A"
    assert _entries("organization") == []


def test_deleting_is_refused_for_a_lead_beneficiary_or_host_with_the_reason(client, coordinator):
    lead = make_organization(name="Capofila")
    make_project(title="Progetto guidato", lead_organization=lead)
    beneficiary = make_organization(name="Beneficiario")
    make_deliberation(make_project(), contribution_cents=100, beneficiary=beneficiary)
    host = make_host(name="Impresa ospitante")
    make_placement(host, make_project())
    for org, reason in [(lead, "capofila di 1 progetto"), (beneficiary, "beneficiario di 1"),
                        (host, "Ha ospitato tirocinanti")]:
        page = client.get(f"/directory/organizations/{org.id}/delete").get_data(as_text=True)
        assert reason in page and "Sì, elimina" not in page
        response = client.post(f"/directory/organizations/{org.id}/delete",
                               data={"version": str(org.version)})
        assert response.status_code == 409 and reason in response.get_data(as_text=True)
        assert db.session.get(Organization, org.id) is not None
    assert [e for e in _entries("organization") if e.action == "delete"] == []


def test_deleting_after_confirmation_detaches_people_and_partnerships(client, coordinator):
    org = make_organization(name="Ente da chiudere", areas=["women"])
    person_id = make_person(organization=org, name="Lucia Bianchi").id
    project_id = make_project(title="Progetto condiviso", partners=[org]).id
    org_id = org.id
    page = client.get(f"/directory/organizations/{org_id}/delete").get_data(as_text=True)
    assert "Progetto condiviso" in page and "Lucia Bianchi" in page
    assert "1 persona resterà nella rubrica senza ente" in page
    response = client.post(f"/directory/organizations/{org_id}/delete",
                           data={"version": str(org.version)})
    assert response.status_code == 303
    db.session.expunge_all()
    assert db.session.get(Organization, org_id) is None
    assert db.session.get(Person, person_id).organization_id is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(project_partners)) == 0
    assert db.session.get(Project, project_id) is not None
    entry = _entries("organization")[-1]
    assert entry.action == "delete" and entry.object_label == "Ente da chiudere"
    assert entry.changes["name"] == ["Ente da chiudere", None]
    assert entry.changes["people"] == [["Lucia Bianchi"], None]


def test_services_refuse_deletion_without_http_too(app):
    actor = make_user(Role.COORDINATOR)
    lead = make_organization()
    make_project(lead_organization=lead)
    with pytest.raises(DomainError):
        services.delete_organization(actor, lead)
    db.session.rollback()
    assert db.session.get(Organization, lead.id) is not None


def test_the_history_is_shown_to_coordinators_only(client, login):
    org = make_organization(name="Ente con storia")
    member = make_user(Role.MEMBER)
    services.update_organization(make_user(Role.COORDINATOR), org,
                                 **_values(name="Ente con storia", kind="union"))
    db.session.commit()
    login(member)
    assert "Registro delle modifiche" not in client.get(
        f"/directory/organizations/{org.id}").get_data(as_text=True)
    client.post("/logout")
    login(make_user(Role.COORDINATOR))
    page = client.get(f"/directory/organizations/{org.id}").get_data(as_text=True)
    assert "Registro delle modifiche" in page and "Sindacato" in page  # labels, not codes


def test_text_filter_and_select_filters_narrow_the_list(client, login):
    make_organization(name="Cooperativa Sole", ring="core", kind="cooperative", areas=["women"])
    make_organization(name="Associazione Luna", address="Via Sole 3")
    make_organization(name="Parrocchia San Paolo", kind="parish", active_until=2010)
    login(make_user(Role.PARTNER))

    def names(query: str) -> str:
        return client.get("/directory/?" + query,
                          headers={"HX-Request": "true"}).get_data(as_text=True)

    found = names("q=sole")
    assert "Cooperativa Sole" in found and "Associazione Luna" in found
    assert "Parrocchia" not in found
    assert "Associazione Luna" not in names("ring=core")
    assert "Cooperativa Sole" in names("area=women") and "Luna" not in names("area=women")
    assert "Parrocchia San Paolo" in names("active=former")
    assert "Parrocchia San Paolo" not in names("active=active")
    assert "Parrocchia" in names("kind=parish") and "Sole" not in names("kind=parish")
    assert "%" not in names("q=%25") and "Nessun ente corrisponde" in names("q=%25")


def test_live_search_returns_only_the_rows_for_htmx(client, login):
    make_organization(name="Cooperativa Sole")
    login(make_user(Role.PARTNER))
    fragment = client.get("/directory/?q=sole", headers={"HX-Request": "true"})
    text = fragment.get_data(as_text=True)
    assert "Cooperativa Sole" in text and "<html" not in text
    assert 'hx-swap-oob="true"' in text and "1 ente trovato" in text
    assert "HX-Request" in fragment.headers["Vary"]
    full = client.get("/directory/?q=sole").get_data(as_text=True)
    assert "<html" in full and "Cooperativa Sole" in full and 'hx-swap-oob' not in full


def test_a_database_conflict_halfway_leaves_no_half_written_record(client, coordinator,
                                                                    monkeypatch):
    """Two coordinators creating the same organisation at once: the second insert hits the
    unique constraint after its audit entry was added; both go."""
    make_organization(name="Associazione Il Ponte")
    monkeypatch.setattr(services, "_refuse_duplicate_name", lambda *args, **kwargs: None)
    response = client.post("/directory/organizations/new", data=_form())
    assert response.status_code == 400
    assert "in conflitto con altri" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 1
    assert _entries("organization") == []


def test_a_delete_refused_by_another_area_says_so(client, coordinator, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    person = make_person(name="Referente di una riunione")

    def refused(*args, **kwargs):
        raise IntegrityError("DELETE FROM people", {}, Exception("FOREIGN KEY"))

    monkeypatch.setattr(services, "delete_person", refused)
    response = client.post(f"/directory/people/{person.id}/delete",
                           data={"version": str(person.version)})
    assert response.status_code == 409
    assert "fanno ancora riferimento" in response.get_data(as_text=True)
    assert db.session.get(Person, person.id) is not None
