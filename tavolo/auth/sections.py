"""Sections that other areas add to the account page (``/account``).

The account page belongs to ``auth``, which knows nothing of calendars or notifications.
An area registers a section when the app starts; the page includes each section's
template with what ``load(user)`` returned, as ``data``::

    sections.register(app, AccountSection(key="calendar", order=10,
                                          template="calendar/_account.html",
                                          load=calendar_settings_for))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app


@dataclass(frozen=True)
class AccountSection:
    key: str
    template: str
    load: Callable[[object], dict]
    order: int = 50


def register(app: Flask, section: AccountSection) -> None:
    app.extensions.setdefault("tavolo_account_sections", {})[section.key] = section


def sections_for(user) -> list[tuple[AccountSection, dict]]:
    """Every registered section with its data for ``user``, in page order."""
    found = current_app.extensions.get("tavolo_account_sections", {})
    ordered = sorted(found.values(), key=lambda s: (s.order, s.key))
    return [(section, section.load(user)) for section in ordered]
