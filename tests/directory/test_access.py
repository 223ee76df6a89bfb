"""Who may open which page and export of the directory and the projects, role by role."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tests.factories import (
    make_deliberation,
    make_host,
    make_organization,
    make_outcome,
    make_person,
    make_placement,
    make_project,
    make_user,
)

LOGIN = "login"


@pytest.fixture
def world(app):
    """One of everything, with a project at each visibility level."""
    org = make_organization(name="Cooperativa Aurora", phone="011 123", email="info@aurora.it")
    person = make_person(organization=org, name="Maria Rossi", email="maria@aurora.it",
                         phone="333 111", notes="Preferisce essere chiamata al mattino")
    host = make_host(name="Forno Rossi", sector="Panificazione", places=2)
    projects = {level: make_project(code=f"P-{level.upper()}", title=f"Progetto {level}",
                                    visibility=level, lead_organization=org)
                for level in ("public", "network", "core", "private")}
    deliberation = make_deliberation(projects["public"], contribution_cents=100_000)
    outcome = make_outcome(projects["public"])
    placement = make_placement(host, projects["public"])
    return {"org": org, "person": person, "host": host, "projects": projects,
            "deliberation": deliberation, "outcome": outcome, "placement": placement}


def _pages(w) -> dict[str, dict]:
    """path → expected status for anonymous, partner, member, coordinator."""
    o, p, h = w["org"].id, w["person"].id, w["host"].id
    pr = {k: v.id for k, v in w["projects"].items()}
    read = {None: LOGIN, Role.PARTNER: 200, Role.MEMBER: 200, Role.COORDINATOR: 200}
    export = {None: LOGIN, Role.PARTNER: 403, Role.MEMBER: 200, Role.COORDINATOR: 200}
    manage = {None: LOGIN, Role.PARTNER: 403, Role.MEMBER: 403, Role.COORDINATOR: 200}
    public = {None: 200, Role.PARTNER: 200, Role.MEMBER: 200, Role.COORDINATOR: 200}
    return {
        "/directory/": read, f"/directory/organizations/{o}": read,
        "/directory/people": read, f"/directory/people/{p}": read,
        f"/directory/people/{p}.vcf": read, "/directory/hosts": read,
        "/directory/export/organizations.csv": export, "/directory/export/people.csv": export,
        "/directory/import": manage, "/directory/organizations/new": manage,
        f"/directory/organizations/{o}/edit": manage,
        f"/directory/organizations/{o}/delete": manage,
        "/directory/people/new": manage, f"/directory/people/{p}/edit": manage,
        f"/directory/people/{p}/delete": manage,
        f"/directory/organizations/{h}/placements/new": manage,
        f"/directory/placements/{w['placement'].id}/edit": manage,
        f"/directory/placements/{w['placement'].id}/delete": manage,
        "/projects/": public, "/projects/funding": public,
        f"/projects/{pr['public']}": public,
        f"/projects/{pr['network']}": read,
        f"/projects/{pr['core']}": {None: LOGIN, Role.PARTNER: 404, Role.MEMBER: 200,
                                    Role.COORDINATOR: 200},
        f"/projects/{pr['private']}": {None: LOGIN, Role.PARTNER: 404, Role.MEMBER: 404,
                                       Role.COORDINATOR: 200},
        "/projects/new": manage, f"/projects/{pr['public']}/edit": manage,
        f"/projects/{pr['public']}/delete": manage,
        f"/projects/{pr['public']}/deliberations/new": manage,
        f"/projects/deliberations/{w['deliberation'].id}/edit": manage,
        f"/projects/deliberations/{w['deliberation'].id}/delete": manage,
        f"/projects/{pr['public']}/outcomes/new": manage,
        f"/projects/outcomes/{w['outcome'].id}/edit": manage,
        f"/projects/outcomes/{w['outcome'].id}/delete": manage,
    }


@pytest.mark.parametrize("role", [None, Role.PARTNER, Role.MEMBER, Role.COORDINATOR])
def test_every_page_answers_each_role_as_the_role_table_says(client, login, world, role):
    if role is not None:
        login(make_user(role))
    wrong = []
    for path, expected in _pages(world).items():
        response = client.get(path)
        want = expected[role]
        if want == LOGIN:
            ok = response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            wrong.append((path, response.status_code, want))
    assert wrong == []


def test_changes_are_refused_to_non_coordinators_even_by_post(client, login, world):
    login(make_user(Role.MEMBER))
    org = world["org"]
    for path in [f"/directory/organizations/{org.id}/edit",
                 f"/directory/organizations/{org.id}/delete", "/directory/organizations/new",
                 "/directory/import/confirm", f"/projects/{world['projects']['public'].id}/delete"]:
        assert client.post(path, data={"name": "X"}).status_code == 403, path


def test_anonymous_visitors_see_public_projects_and_their_funding_only(client, world):
    make_project(title="Altro riservato", visibility="core",
                 lead_organization=make_organization(name="Ente Solo Riservato"))
    listing = client.get("/projects/").get_data(as_text=True)
    assert "Ente Solo Riservato" not in listing  # not even among the filter's options
    assert "Progetto public" in listing
    for hidden in ("Progetto network", "Progetto core", "Progetto private"):
        assert hidden not in listing
    page = client.get(f"/projects/{world['projects']['public'].id}").get_data(as_text=True)
    # Names of organisations are public on a public project, contacts and links are not.
    assert "Cooperativa Aurora" in page
    assert "/directory/" not in page and "info@aurora.it" not in page
    assert "Forno Rossi" not in page  # the businesses hosting interns are directory content
    assert "Rete" not in client.get("/").get_data(as_text=True).split("<main")[0]


def test_partners_see_network_projects_but_not_core_ones(client, login, world):
    login(make_user(Role.PARTNER))
    listing = client.get("/projects/").get_data(as_text=True)
    assert "Progetto network" in listing and "Progetto public" in listing
    assert "Progetto core" not in listing and "Progetto private" not in listing
    org_page = client.get(f"/directory/organizations/{world['org'].id}").get_data(as_text=True)
    assert "Progetto network" in org_page and "Progetto core" not in org_page


def test_contacts_for_everyone_logged_in_notes_only_for_the_core_group(client, login, world):
    path = f"/directory/people/{world['person'].id}"
    login(make_user(Role.PARTNER))
    page = client.get(path).get_data(as_text=True)
    assert "maria@aurora.it" in page and "333 111" in page
    assert "Preferisce essere chiamata" not in page
    client.post("/logout")
    login(make_user(Role.MEMBER))
    assert "Preferisce essere chiamata" in client.get(path).get_data(as_text=True)


def test_menu_entries_follow_the_roles(client, login, world):
    def menu():
        return client.get("/").get_data(as_text=True).split('id="main-menu"')[1].split("</ul>")[0]

    anonymous = menu()
    assert "Progetti" in anonymous and "Finanziamenti" in anonymous and "Rete" not in anonymous
    login(make_user(Role.PARTNER))
    assert "Rete" in menu()
