"""One shape for every extension point: a named list that areas add to at start-up.

An area plugs into another area's page without that area importing it: the page owns a
``Registry`` (``PROJECT_LINKS = Registry("project_links")``), the plugging area adds an entry
in its blueprint's ``record_once`` hook, and the page reads the entries back in order::

    @bp.record_once
    def _plug_in(state):
        PROJECT_LINKS.add(state.app, LinkProvider(key="meetings", ...))

    for provider in PROJECT_LINKS.entries():   # sorted by (order, key)
        ...

Entries are kept per app (``app.extensions``), keyed by their ``key``: adding one twice
replaces it, so an app built twice in the tests holds each entry once.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from flask import Flask, current_app

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._extension = f"tavolo_registry_{name}"

    def add(self, app: Flask, entry: T, key: str | None = None) -> None:
        """Register ``entry`` under ``key`` (default: its ``key`` attribute)."""
        key = key if key is not None else entry.key  # type: ignore[attr-defined]
        app.extensions.setdefault(self._extension, {})[key] = entry

    def entries(self, app: Flask | None = None) -> list[T]:
        """The entries of ``app`` (default: the current one), by ``order`` then ``key``."""
        registered = (app or current_app).extensions.get(self._extension, {})
        return sorted(registered.values(),
                      key=lambda e: (getattr(e, "order", 50), getattr(e, "key", "")))

    def __repr__(self) -> str:
        return f"Registry({self.name!r})"
