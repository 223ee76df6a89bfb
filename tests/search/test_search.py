"""Search: Italian stems and accents, the partner/core rule, an index that follows every
change, bad input, and the pages (with and without htmx)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import current_app

from tavolo.auth.models import Role
from tavolo.demo.loader import load_demo
from tavolo.extensions import db
from tavolo.meetings.models import Decision, Minutes
from tavolo.meetings.services import minutes as minutes_service
from tavolo.search.models import SearchEntry
from tavolo.search.services.index import reindex
from tavolo.search.services.query import SearchFilters, search
from tavolo.visibility import Visibility
from tests.factories import (
    PASSWORD,
    make_agenda_item,
    make_invitee,
    make_meeting,
    make_person,
    make_project,
    make_proposal,
    make_user,
)


def run(user, text, **filters):
    with current_app.test_request_context():
        return search(user, SearchFilters(text=text, **filters))


def found(user, text, **filters):
    results = run(user, text, **filters)
    return {(hit.source, hit.object_id) for group in results.groups for hit in group.hits}


def titles(page: str) -> list[str]:
    return re.findall(r'class="fw-semibold" href="[^"]*">(.*?)</a>', page)


def test_stems_and_accents_find_other_forms_of_a_word(app):
    internships = make_project(title="Tirocinio per giovani")
    other = make_project(title="Il tirocinio estivo", description="TIROCINIO in azienda")
    access = make_project(title="Lavoro e disabilità", description="Inserimento lavorativo")
    make_project(title="Orti urbani", description="Nessuna relazione")
    anonymous = None

    assert found(anonymous, "tirocini") == {("project", internships.id), ("project", other.id)}
    assert found(anonymous, "disabilita") == {("project", access.id)}
    assert found(anonymous, "DISABILITÀ") == {("project", access.id)}
    # Live search: the word being typed matches as a prefix.
    assert ("project", access.id) in found(anonymous, "inserim")


def test_brevetto_salvamento_finds_the_lifeguard_project_of_the_demo(app):
    load_demo("demo-password-123")
    db.session.commit()
    results = run(None, "brevetto salvamento")
    projects = [g for g in results.groups if g.key == "project"]
    assert projects and "bagnino" in str(projects[0].hits[0].title).lower()


def test_a_partner_finds_nothing_of_draft_minutes_not_even_a_count(app, client, login):
    coordinator = make_user(Role.COORDINATOR)
    member = make_user(Role.MEMBER)
    partner = make_user(Role.PARTNER)
    meeting = make_meeting(kind="enlarged", visibility="public", status="held",
                           starts_in_days=-2, title="Assemblea della rete")
    item = make_agenda_item(meeting, title="Bilancio")
    minutes_service.save_minutes(meeting, coordinator, "Si discute della zanzariera segreta.",
                                 {item.id: "Appunti sulla zanzariera."})
    db.session.commit()

    assert found(member, "zanzariera") == {("minutes", meeting.minutes.id)}
    assert found(partner, "zanzariera") == set()
    assert found(None, "zanzariera") == set()
    results = run(partner, "zanzariera")
    assert results.total == 0 and results.type_counts == [] and results.years == []

    login(partner)
    page = client.get("/search/?q=zanzariera").get_data(as_text=True)
    assert "segreta" not in page and "Appunti" not in page and "<mark>" not in page
    assert "Verbali" not in page and "Assemblea" not in page
    assert "Nessun risultato" in page

    # Approved minutes follow the meeting: public, so anyone finds them.
    minutes_service.approve(meeting.minutes, coordinator)
    db.session.commit()
    assert found(partner, "zanzariera") == {("minutes", meeting.minutes.id)}
    assert found(None, "zanzariera") == {("minutes", meeting.minutes.id)}


def test_a_meeting_becoming_visible_changes_what_its_agenda_shows(app):
    coordinator = make_user(Role.COORDINATOR)
    partner = make_user(Role.PARTNER)
    meeting = make_meeting(kind="enlarged", visibility="network", status="draft",
                           title="Incontro sul microcredito")
    item = make_agenda_item(meeting, title="Microcredito per le donne")
    make_invitee(meeting, make_person())
    assert found(partner, "microcredito") == set()
    assert found(coordinator, "microcredito") == {("meeting", meeting.id),
                                                  ("agenda_item", item.id)}

    from tavolo.meetings.services.meetings import circulate
    circulate(meeting, coordinator)  # a conditional UPDATE, not an ORM change
    db.session.commit()
    assert found(partner, "microcredito") == {("meeting", meeting.id), ("agenda_item", item.id)}
    assert found(None, "microcredito") == set()  # network level: not for visitors


def test_private_proposal_is_found_by_its_author_only(app):
    author = make_user(Role.PARTNER)
    other = make_user(Role.PARTNER)
    proposal = make_proposal(author, title="Sportello ortofrutta")
    proposal.visibility = Visibility.CORE  # later restricted by the coordinator
    db.session.commit()
    assert found(author, "ortofrutta") == {("proposal", proposal.id)}
    assert found(other, "ortofrutta") == set()


def test_edit_and_delete_update_the_results_at_once(app):
    project = make_project(title="Cantiere scuola")
    assert found(None, "cantiere") == {("project", project.id)}

    project.title = "Laboratorio di falegnameria"
    db.session.commit()
    assert found(None, "cantiere") == set()
    assert found(None, "falegnameria") == {("project", project.id)}

    project.visibility = Visibility.CORE
    db.session.commit()
    assert found(None, "falegnameria") == set()

    db.session.delete(project)
    db.session.commit()
    assert found(make_user(Role.COORDINATOR), "falegnameria") == set()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == 0


def test_deleting_a_meeting_removes_its_agenda_minutes_and_decisions(app):
    coordinator = make_user(Role.COORDINATOR)
    meeting = make_meeting(status="held", starts_in_days=-1, title="Seduta ordinaria")
    make_agenda_item(meeting, title="Pulizia dei giardini")
    minutes_service.save_minutes(meeting, coordinator, "Giardini: si decide.", {})
    db.session.add(Decision(meeting=meeting, text="Giardini puliti a maggio."))
    db.session.commit()
    assert {s for s, _ in found(coordinator, "giardini")} == {"agenda_item", "minutes",
                                                              "decision"}
    db.session.delete(meeting)
    db.session.commit()
    assert found(coordinator, "giardini") == set()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchEntry)) == 0


def test_a_rolled_back_change_leaves_the_index_as_it_was(app):
    project = make_project(title="Biciclette in prestito")
    project.title = "Monopattini"
    db.session.flush()
    db.session.rollback()
    assert found(None, "biciclette") == {("project", project.id)}
    assert found(None, "monopattini") == set()


def test_reindex_command_rebuilds_the_index(app, runner):
    project = make_project(title="Serre didattiche")
    db.session.execute(sa.delete(SearchEntry))
    db.session.execute(sa.text("DELETE FROM search_fts"))
    db.session.commit()
    assert found(None, "serre") == set()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "project 1" in result.output
    assert found(None, "serre") == {("project", project.id)}
    assert runner.invoke(args=["search", "reindex", "--source", "nope"]).exit_code != 0


@pytest.mark.parametrize("text", [
    '"', '""', '"tirocinio', "tirocinio*", "*", "NEAR(tirocinio giovani)", "NEAR", "-tirocinio",
    "tirocinio -giovani", "(tirocinio", "tirocinio)", "((", "AND OR NOT", "title:tirocinio",
    "{title} : x", "tirocinio:*", "!@#$%^&*()", "x" * 10_000, "tirocinio " * 2_000, "'; DROP",
    "\x00\x01", "ó" * 300,
])
def test_query_syntax_and_very_long_input_answer_normally(app, client, text):
    make_project(title="Tirocinio per giovani")
    response = client.get("/search/", query_string={"q": text})
    assert response.status_code == 200
    fragment = client.get("/search/", query_string={"q": text}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200


def test_long_input_is_cut_with_a_message(app, client):
    make_project(title="Tirocinio per giovani")
    page = client.get("/search/", query_string={"q": "tirocinio " + "giovani " * 2_000})
    text = page.get_data(as_text=True)
    assert "troppo lunga" in text and "Tirocinio per giovani" in text.replace(
        "<mark>", "").replace("</mark>", "")


def test_snippets_and_titles_are_escaped(app, client):
    make_project(title="<script>alert(1)</script> tirocinio",
                 description='Un tirocinio <img src=x onerror="alert(2)"> per tutti')
    page = client.get("/search/?q=tirocinio").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>tirocinio</mark>" in page


def test_page_groups_filters_and_paginates(app, client):
    for n in range(25):
        make_project(title=f"Orto sociale {n}", start_year=2010 + n % 3, commit=False)
    make_proposal(title="Orto condiviso", visibility=Visibility.PUBLIC)
    db.session.commit()
    page = client.get("/search/?q=orto").get_data(as_text=True)
    assert "Progetti" in page and "Proposte" in page
    assert "Vedi tutti i 25 risultati" in page
    assert len(titles(page)) == 5 + 1

    by_type = client.get("/search/?q=orto&type=project").get_data(as_text=True)
    assert len(titles(by_type)) == 20 and "Proposte" in by_type  # the facet stays
    second = client.get("/search/?q=orto&type=project&page=2").get_data(as_text=True)
    assert len(titles(second)) == 5

    year = client.get("/search/?q=orto&type=project&year=2011").get_data(as_text=True)
    assert len(titles(year)) == 8

    project = db.session.scalar(sa.select(SearchEntry.object_id).where(
        SearchEntry.source == "project", SearchEntry.title == "Orto sociale 3"))
    one = client.get(f"/search/?q=orto&project={project}").get_data(as_text=True)
    assert titles(one) == ["<mark>Orto</mark> sociale 3"]

    # Bad filter values are ignored, never an error.
    assert client.get("/search/?q=orto&type=x&year=abc&project=-1&page=zz").status_code == 200


def test_htmx_gets_the_results_only_and_the_header_has_the_box(app, client):
    make_project(title="Tirocinio per giovani")
    full = client.get("/search/?q=tirocinio").get_data(as_text=True)
    assert 'id="header-search-q"' in full and 'id="search-results"' in full
    fragment = client.get("/search/?q=tirocinio", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "<mark>Tirocinio</mark>" in body
    assert "HX-Request" in fragment.headers.get("Vary", "")
    home = client.get("/").get_data(as_text=True)
    assert 'action="/search/"' in home


def test_query_count_of_the_search_page_does_not_grow_with_data(app, client, login,
                                                                count_queries):
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)

    def add(n):
        for i in range(n):
            project = make_project(title=f"Tirocinio {i}", commit=False)
            meeting = make_meeting(title=f"Riunione tirocinio {i}", commit=False)
            make_agenda_item(meeting, title="Tirocinio", commit=False, project=project)
            make_proposal(coordinator, title=f"Tirocinio proposto {i}", commit=False)
        db.session.commit()

    def measure():
        with count_queries() as queries:
            assert client.get("/search/?q=tirocinio").status_code == 200
        with count_queries() as filtered:
            assert client.get("/search/?q=tirocinio&type=project").status_code == 200
        return len(queries), len(filtered)

    add(2)
    small = measure()
    add(30)
    assert measure() == small


def test_password_login_users_see_network_entries(app, client):
    partner = make_user(Role.PARTNER)
    from tests.factories import make_organization
    org = make_organization(name="Cooperativa Arcobaleno")
    client.post("/login", data={"email": partner.email, "password": PASSWORD})
    page = client.get("/search/?q=arcobaleno").get_data(as_text=True)
    assert "Enti" in page and "Arcobaleno" in page
    client.post("/logout")
    anonymous = client.get("/search/?q=arcobaleno").get_data(as_text=True)
    assert "Nessun risultato" in anonymous
    assert found(None, "arcobaleno") == set() and org.id


def test_reindex_service_matches_incremental_index(app):
    load_demo("demo-password-123")
    db.session.commit()
    before = set(db.session.execute(sa.select(
        SearchEntry.source, SearchEntry.object_id, SearchEntry.visibility,
        SearchEntry.title, SearchEntry.body)).all())
    reindex(db.session)
    db.session.commit()
    after = set(db.session.execute(sa.select(
        SearchEntry.source, SearchEntry.object_id, SearchEntry.visibility,
        SearchEntry.title, SearchEntry.body)).all())
    assert before == after and len(after) > 100
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Minutes)) > 0


@pytest.mark.parametrize("extra", ["", "&type=agenda_item", "&type=agenda_item&year=YEAR",
                                   "&project=PROJECT"])
def test_project_filter_links_keep_the_other_filters(client, login, extra):
    """The project facet writes one address for all its projects: each link is the one
    ``url_for`` gives, with the type and year chosen, and leads to that project's results."""
    from bs4 import BeautifulSoup
    from flask import url_for

    login(make_user(Role.COORDINATOR))
    projects = [make_project(title=f"Orto {n}", commit=False) for n in range(3)]
    db.session.flush()
    for project in projects:
        meeting = make_meeting(title=f"Riunione orto {project.title}", commit=False)
        make_agenda_item(meeting, title=f"Orto di {project.title}", commit=False,
                         project=project)
    db.session.commit()
    year = db.session.scalar(sa.select(SearchEntry.year).where(
        SearchEntry.source == "agenda_item"))
    extra = extra.replace("PROJECT", str(projects[0].id)).replace("YEAR", str(year))
    soup = BeautifulSoup(client.get(f"/search/?q=orto{extra}").get_data(as_text=True),
                         "html.parser")
    nav = soup.find("nav", attrs={"aria-label": "Progetto"})
    links = {a.get_text(): a["href"] for a in nav.find_all("a") if a.get_text() != "tutti"}
    args = dict(pair.split("=") for pair in extra.lstrip("&").split("&") if pair)
    chosen = {int(args.pop("project"))} if "project" in args else set()
    with client.application.test_request_context():
        expected = {p.title: url_for("search.index", q="orto", **args, project=p.id)
                    for p in projects if p.id not in chosen}
    assert links and links == expected
    for title, href in links.items():
        page = client.get(href).get_data(as_text=True)
        assert f"Orto di {title}" in page.replace("<mark>", "").replace("</mark>", "")
