"""The organisation page's linked items.

The page shows its people itself; everything else — the projects it leads or joins, the
internships it hosted, the meetings it attended, the proposals it wrote — comes from
providers other areas add to ``ORGANIZATION_LINKS`` when the app starts (see
``tavolo.links``); the template gets ``items`` and ``organization``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tavolo import links
from tavolo.registry import Registry

ORGANIZATION_LINKS: Registry[links.LinkProvider] = Registry("organization_links")


def sections_for(organizations: Sequence, user) -> dict[int, list[links.LinkedSection]]:
    return links.sections_for(ORGANIZATION_LINKS, organizations, user)
