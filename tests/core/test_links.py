"""The registry through which areas add linked items to project pages."""

from __future__ import annotations

from tavolo import links
from tavolo.projects import links as project_links
from tests.factories import make_project


def test_registered_providers_fill_sections_per_project(app):
    first, second = make_project(), make_project()
    calls = []

    def load(projects, user):
        calls.append([p.id for p in projects])
        return {first.id: ["a", "b"]}

    project_links.PROJECT_LINKS.add(app, links.LinkProvider(
        key="demo", title="Demo", template="x.html", load=load, order=5))
    sections = project_links.sections_for([first, second], None)
    # Only the section of this test's provider: the app's own areas register theirs too.
    assert [s.items for s in sections[first.id] if s.key == "demo"] == [["a", "b"]]
    assert [s.items for s in sections[second.id] if s.key == "demo"] == [[]]
    assert calls == [[first.id, second.id]]  # one call for all projects, not one per project
