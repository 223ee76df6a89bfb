"""Visibility levels shared by every kind of content, and what each reader may see.

The order matters: ``public < network < core < private``. A reader sees an item when the
item's level is at or below the reader's clearance. List queries filter with
:func:`visible_levels` so that counts, searches and feeds never leak what a page would hide.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tavolo.types import LabelledEnum


class Visibility(LabelledEnum):
    PUBLIC = "public", _l("Pubblico")
    NETWORK = "network", _l("Rete (utenti registrati)")
    CORE = "core", _l("Gruppo ristretto")
    PRIVATE = "private", _l("Solo coordinamento")

    @property
    def rank(self) -> int:
        return _ORDER.index(self)


_ORDER = [Visibility.PUBLIC, Visibility.NETWORK, Visibility.CORE, Visibility.PRIVATE]

VISIBILITY_LABELS = Visibility.labels()


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
