"""The main menu. Each area adds its own entry when the app starts, so a menu never shows an
area that does not exist, and a new area plugs in without editing the layout."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_login import current_user

AUDIENCES = ("everyone", "authenticated", "core", "coordinator")


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string, translated when the menu is drawn
    order: int
    audience: str = "everyone"
    blueprint: str | tuple[str, ...] | None = None

    def visible_to(self, user) -> bool:
        if self.audience == "everyone":
            return True
        if not user.is_authenticated:
            return False
        if self.audience == "core":
            return user.is_core
        if self.audience == "coordinator":
            return user.is_coordinator
        return True

    @property
    def active(self) -> bool:
        if self.blueprint:
            names = (self.blueprint,) if isinstance(self.blueprint, str) else self.blueprint
            return request.blueprint in names
        return request.endpoint == self.endpoint


def add(app: Flask, endpoint: str, label, order: int, audience: str = "everyone",
        blueprint: str | tuple[str, ...] | None = None) -> None:
    assert audience in AUDIENCES
    items = app.extensions.setdefault("tavolo_nav", [])
    items.append(NavItem(endpoint, label, order, audience, blueprint))
    items.sort(key=lambda item: item.order)


def init_app(app: Flask) -> None:
    @app.context_processor
    def menu():
        items = current_app.extensions.get("tavolo_nav", [])
        return {"nav_items": [item for item in items if item.visible_to(current_user)]}
