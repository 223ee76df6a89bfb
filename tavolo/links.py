"""Sections of linked items on a page about some objects (a project, an organisation).

The page's area owns a ``Registry`` of ``LinkProvider`` (``projects.links.PROJECT_LINKS``,
``directory.links.ORGANIZATION_LINKS``) and knows nothing of the areas that fill it. Each of
those adds a provider when the app starts, so a new area plugs in without editing the page::

    from tavolo.links import LinkProvider
    from tavolo.projects.links import PROJECT_LINKS

    @bp.record_once
    def _plug_in(state):
        PROJECT_LINKS.add(state.app, LinkProvider(
            key="meetings", title=_l("Riunioni"), order=10,
            template="meetings/_project_links.html", load=meetings_for_projects))

``load(objects, user)`` receives the objects shown and the reader, and returns
``{object_id: [items]}`` with only what ``user`` may see, in a bounded number of queries
whatever the number of objects (one ``IN`` query is the usual shape). ``template`` renders
one object's items, which it finds in ``items``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tavolo.registry import Registry


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


def sections_for(registry: Registry[LinkProvider], objects: Sequence,
                 user) -> dict[int, list[LinkedSection]]:
    """For each object id, one section per provider of ``registry``, in order."""
    result: dict[int, list[LinkedSection]] = {o.id: [] for o in objects}
    for provider in registry.entries():
        found = provider.load(objects, user) if objects else {}
        for obj in objects:
            if provider.only_listed and obj.id not in found:
                continue
            result[obj.id].append(LinkedSection(provider.key, provider.title,
                                                provider.template, list(found.get(obj.id, []))))
    return result
