"""The registry through which areas add linked items to project pages."""

from __future__ import annotations

from tavolo import links
from tests.factories import make_project


def test_registered_providers_fill_sections_per_project(app):
    first, second = make_project(), make_project()
    calls = []

    def load(projects, user):
        calls.append([p.id for p in projects])
        return {first.id: ["a", "b"]}

    links.register(app, links.LinkProvider(key="demo", title="Demo", template="x.html",
                                           load=load, order=5))
    sections = links.sections_for([first, second], None)
    assert [s.items for s in sections[first.id] if s.key == "demo"] == [["a", "b"]]
    assert [s.items for s in sections[second.id] if s.key == "demo"] == [[]]
    assert calls == [[first.id, second.id]]  # one call for all projects, not one per project
