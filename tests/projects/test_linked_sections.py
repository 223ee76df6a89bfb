"""Other areas plug their sections into project and organisation pages through registries."""

from __future__ import annotations

import pytest
from jinja2 import ChoiceLoader, DictLoader

from tavolo import links
from tavolo.auth.models import Role
from tavolo.directory.links import ORGANIZATION_LINKS
from tavolo.projects.links import PROJECT_LINKS
from tests.factories import make_organization, make_project, make_user


@pytest.fixture
def meeting_templates(app):
    app.jinja_loader  # noqa: B018 - make sure the default loader exists
    app.jinja_env.loader = ChoiceLoader([DictLoader({
        "test/_project_meetings.html":
            "{% for m in items %}<p class='meeting'>{{ m }}</p>{% else %}"
            "<p>Nessuna riunione collegata.</p>{% endfor %}",
        "test/_organization_meetings.html":
            "{% for m in items %}<p class='attended'>{{ m }} ({{ organization.name }})</p>"
            "{% endfor %}",
    }), app.jinja_env.loader])


def test_a_registered_provider_gets_its_section_on_the_project_page(app, client, login,
                                                                    meeting_templates):
    shown, other = make_project(title="Col-labora"), make_project(title="Altro")
    seen_users = []

    def load(projects, user):
        seen_users.append(user.is_authenticated)
        # A real provider filters by what the reader may see; this one hides from anonymous.
        if not user.is_authenticated:
            return {}
        return {shown.id: ["Riunione del 12 marzo"]}

    PROJECT_LINKS.add(app, links.LinkProvider(
        key="meetings", title="Riunioni", template="test/_project_meetings.html",
        load=load, order=10))
    page = client.get(f"/projects/{shown.id}").get_data(as_text=True)
    assert 'id="linked-meetings" class="h4">Riunioni</h2>' in page
    assert "Nessuna riunione collegata." in page
    login(make_user(Role.PARTNER))
    page = client.get(f"/projects/{shown.id}").get_data(as_text=True)
    assert "<p class='meeting'>Riunione del 12 marzo</p>" in page
    assert "Nessuna riunione collegata." in client.get(f"/projects/{other.id}").get_data(
        as_text=True)
    assert seen_users == [False, True, True]


def test_linked_items_block_the_deletion_of_a_project(app, client, login, meeting_templates):
    project = make_project()
    PROJECT_LINKS.add(app, links.LinkProvider(
        key="meetings", title="Riunioni", template="test/_project_meetings.html",
        load=lambda projects, user: {project.id: ["Riunione"]}))
    login(make_user(Role.COORDINATOR))
    page = client.get(f"/projects/{project.id}/delete").get_data(as_text=True)
    assert "collegato a contenuti di altre aree (Riunioni: 1)" in page
    assert client.post(f"/projects/{project.id}/delete",
                       data={"version": str(project.version)}).status_code == 409


def test_organisation_pages_gather_projects_and_other_areas(app, client, login,
                                                            meeting_templates):
    org = make_organization(name="Cooperativa Esserci")
    make_project(title="Aladino", lead_organization=org)
    make_project(title="Lanterna", partners=[org])
    ORGANIZATION_LINKS.add(app, links.LinkProvider(
        key="meetings", title="Riunioni a cui ha partecipato", order=20,
        template="test/_organization_meetings.html",
        load=lambda orgs, user: {o.id: ["Seduta allargata"] for o in orgs}))
    login(make_user(Role.PARTNER))
    page = client.get(f"/directory/organizations/{org.id}").get_data(as_text=True)
    projects_at = page.index("Progetti guidati o partecipati")
    meetings_at = page.index("Riunioni a cui ha partecipato")
    assert projects_at < meetings_at  # in the providers' order
    section = page[projects_at:meetings_at]
    assert "Aladino" in section and "capofila" in section
    assert "Lanterna" in section and "partner" in section
    assert "Seduta allargata (Cooperativa Esserci)" in page
