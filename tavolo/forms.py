"""Helpers shared by every area's Flask-WTF forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """``SelectField`` choices from ``(value, label)`` pairs; labels may be lazy strings."""
    return [SelectChoice(value, label) for value, label in pairs]
