"""Items linked to an organisation, gathered from the areas that know about organisations.

The organisation page shows its people itself; everything else — the projects it leads or
joins, the meetings it attended, the proposals it wrote — comes from *providers* that other
areas register when the app starts, exactly like the project page (``tavolo.links``)::

    from tavolo.directory import links as organization_links
    from tavolo.links import LinkProvider

    @bp.record_once
    def _register(state):
        organization_links.register(state.app, LinkProvider(
            key="meetings", title=_l("Riunioni a cui ha partecipato"), order=20,
            template="meetings/_organization_links.html", load=meetings_for_organizations))

``load(organizations, user)`` returns ``{organization_id: [items]}`` with only what ``user``
may see, in a bounded number of queries; ``template`` renders one organisation's ``items``.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, current_app

from tavolo.links import LinkedSection, LinkProvider

_KEY = "tavolo_organization_link_providers"


def register(app: Flask, provider: LinkProvider) -> None:
    app.extensions.setdefault(_KEY, {})[provider.key] = provider


def providers() -> list[LinkProvider]:
    registered = current_app.extensions.get(_KEY, {})
    return sorted(registered.values(), key=lambda p: (p.order, p.key))


def sections_for(organizations: Sequence, user) -> dict[int, list[LinkedSection]]:
    """For each organisation id, one section per provider (possibly empty), in order."""
    result: dict[int, list[LinkedSection]] = {o.id: [] for o in organizations}
    for provider in providers():
        found = provider.load(organizations, user) if organizations else {}
        for organization in organizations:
            if provider.only_listed and organization.id not in found:
                continue
            result[organization.id].append(LinkedSection(
                provider.key, provider.title, provider.template,
                list(found.get(organization.id, []))))
    return result
