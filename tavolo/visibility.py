"""Visibility levels shared by every kind of content, and what each reader may see.

The order matters: ``public < network < core < private``. A reader sees an item when the
item's level is at or below the reader's clearance. List queries filter with
:func:`visible_levels` so that counts, searches and feeds never leak what a page would hide.
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    NETWORK = "network"
    CORE = "core"
    PRIVATE = "private"

    @property
    def rank(self) -> int:
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        return str(VISIBILITY_LABELS[self])


_ORDER = [Visibility.PUBLIC, Visibility.NETWORK, Visibility.CORE, Visibility.PRIVATE]

VISIBILITY_LABELS = {
    Visibility.PUBLIC: _l("Pubblico"),
    Visibility.NETWORK: _l("Rete (utenti registrati)"),
    Visibility.CORE: _l("Gruppo ristretto"),
    Visibility.PRIVATE: _l("Solo coordinamento"),
}


def clearance(user) -> Visibility:
    """The highest visibility level ``user`` may read (anonymous visitors: public)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Visibility.PUBLIC
    return user.clearance


def visible_levels(user) -> list[str]:
    """Values of every level ``user`` may read, for ``column.in_(...)`` filters."""
    top = clearance(user)
    return [level.value for level in _ORDER[: top.rank + 1]]


def can_see(user, level: Visibility | str) -> bool:
    return Visibility(level).rank <= clearance(user).rank
