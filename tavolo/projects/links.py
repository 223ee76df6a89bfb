"""The project page's linked items: other areas add a ``LinkProvider`` to ``PROJECT_LINKS``
(see ``tavolo.links``); projects know nothing of meetings, proposals or seminars."""

from __future__ import annotations

from collections.abc import Sequence

from tavolo import links
from tavolo.registry import Registry

PROJECT_LINKS: Registry[links.LinkProvider] = Registry("project_links")


def sections_for(projects: Sequence, user) -> dict[int, list[links.LinkedSection]]:
    return links.sections_for(PROJECT_LINKS, projects, user)
