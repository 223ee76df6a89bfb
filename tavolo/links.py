"""Items linked to a project, gathered from the areas that know about projects.

Projects know nothing of meetings, proposals or seminars. Each of those areas registers a
*provider* when the app starts; the project page asks every provider for its section, so a
new area plugs in without editing the project page::

    from tavolo import links

    @bp.record_once
    def _register(state):
        links.register(state.app, LinkProvider(
            key="meetings", title=_l("Riunioni"), order=10,
            template="meetings/_project_links.html", load=meetings_for_projects))

``load(projects, user)`` receives the projects shown and the reader, and returns
``{project_id: [items]}`` with only what ``user`` may see, in a bounded number of queries
whatever the number of projects (one ``IN`` query is the usual shape). ``template`` renders
one project's items, which it finds in ``items``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from flask import Flask, current_app


@dataclass(frozen=True)
class LinkProvider:
    key: str
    title: object  # a lazy string
    template: str
    load: Callable[[Sequence, object], dict[int, list]]
    order: int = 50
    # Only for the objects ``load`` returned a key for (an empty list shows an empty
    # section); otherwise every page gets the section, empty or not.
    only_listed: bool = False


@dataclass
class LinkedSection:
    key: str
    title: object
    template: str
    items: list = field(default_factory=list)


def register(app: Flask, provider: LinkProvider) -> None:
    providers = app.extensions.setdefault("tavolo_link_providers", {})
    providers[provider.key] = provider


def providers() -> list[LinkProvider]:
    registered = current_app.extensions.get("tavolo_link_providers", {})
    return sorted(registered.values(), key=lambda p: (p.order, p.key))


def sections_for(projects: Sequence, user) -> dict[int, list[LinkedSection]]:
    """For each project id, one section per provider (possibly empty), in menu order."""
    result: dict[int, list[LinkedSection]] = {p.id: [] for p in projects}
    for provider in providers():
        found = provider.load(projects, user) if projects else {}
        for project in projects:
            if provider.only_listed and project.id not in found:
                continue
            result[project.id].append(LinkedSection(provider.key, provider.title,
                                                    provider.template,
                                                    list(found.get(project.id, []))))
    return result
