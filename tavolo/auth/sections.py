"""Sections that other areas add to the account page (``/account``).

The account page belongs to ``auth``, which knows nothing of calendars or notifications.
An area registers a section when the app starts; the page includes each section's
template with what ``load(user)`` returned, as ``data``::

    ACCOUNT_SECTIONS.add(app, AccountSection(key="calendar", order=10,
                                             template="calendar/_account.html",
                                             load=calendar_settings_for))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tavolo.registry import Registry


@dataclass(frozen=True)
class AccountSection:
    key: str
    template: str
    load: Callable[[object], dict]
    order: int = 50


ACCOUNT_SECTIONS: Registry[AccountSection] = Registry("account_sections")


def sections_for(user) -> list[tuple[AccountSection, dict]]:
    """Every registered section with its data for ``user``, in page order."""
    return [(section, section.load(user)) for section in ACCOUNT_SECTIONS.entries()]
