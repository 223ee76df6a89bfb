"""Proposals and rounds about a project appear on its page, filtered for the reader."""

from __future__ import annotations

from flask import render_template

from tavolo.auth.models import AnonymousUser
from tavolo.projects import links as project_links
from tavolo.projects.links import PROJECT_LINKS
from tests.factories import make_project, make_proposal, make_round


def test_providers_are_registered_for_project_pages(app):
    keys = [provider.key for provider in PROJECT_LINKS.entries()]
    assert "proposals" in keys and "priority_rounds" in keys


def test_each_project_gets_the_proposals_and_rounds_its_reader_may_see(people, count_queries):
    first, second = make_project(), make_project()
    network = make_proposal(people["member"], title="Per la rete", projects=[first, second])
    core = make_proposal(people["member"], title="Riservata", visibility="core",
                         projects=[first])
    public = make_proposal(people["member"], title="Pubblica", visibility="public",
                           projects=[second])
    core_round = make_round([core, network], electorate="core", title="Ristretta")
    network_round = make_round([public, make_proposal(people["member"])],
                               electorate="network", title="Di rete")
    projects = [first, second]
    _loaded = [first.id, second.id, people["member"].role]
    own = [p for p in PROJECT_LINKS.entries() if p.key in ("proposals", "priority_rounds")]
    with count_queries() as queries:
        for provider in own:
            provider.load(projects, people["member"])
    assert len(queries) == 2  # one per provider, whatever the number of projects
    member = project_links.sections_for(projects, people["member"])

    def items(sections, project, key):
        return [i.title for s in sections[project.id] if s.key == key
                for i in s.items]

    assert set(items(member, first, "proposals")) == {"Per la rete", "Riservata"}
    assert items(member, first, "priority_rounds") == ["Ristretta"]
    assert set(items(member, second, "priority_rounds")) == {"Di rete", "Ristretta"}

    partner = project_links.sections_for(projects, people["partner"])
    assert items(partner, first, "proposals") == ["Per la rete"]
    assert items(partner, first, "priority_rounds") == []  # a core round
    assert items(partner, second, "priority_rounds") == ["Di rete"]

    anonymous = project_links.sections_for(projects, AnonymousUser())
    assert items(anonymous, second, "proposals") == ["Pubblica"]
    assert items(anonymous, second, "priority_rounds") == []
    assert network_round and core_round


def test_the_provider_templates_render_one_projects_items(app, people):
    project = make_project()
    proposal = make_proposal(people["member"], title="Sportello", projects=[project])
    round_ = make_round([proposal, make_proposal(people["member"])], title="Priorità 2027")
    with app.test_request_context("/"):
        html = render_template("proposals/_project_proposals.html", items=[proposal])
        rounds_html = render_template("rounds/_project_rounds.html", items=[round_])
        empty = render_template("rounds/_project_rounds.html", items=[])
    assert f"/proposals/{proposal.id}" in html and "Sportello" in html
    assert f"/rounds/{round_.id}" in rounds_html and "Aperta al voto" in rounds_html
    assert "Nessuna votazione" in empty
