"""What the dashboard is made of: blocks registered by the areas that own the data.

An area adds its blocks in its blueprint's ``record_once`` hook::

    from tavolo.dashboard.blocks import DASHBOARD_BLOCKS, DashboardBlock

    @bp.record_once
    def _plug_in(state):
        DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
            key="notices", title=_l("Bacheca"), template="notices/_dashboard.html",
            load=dashboard.board_for, order=40, audience="everyone"))

``load(user)`` runs once per page in a bounded number of queries and returns what the
template shows as ``data`` (``None`` or empty when there is nothing: the template then shows
its empty state). ``WELCOME_BLOCKS`` are the same for the public welcome page (``load`` gets
the anonymous user). ``ACTIVITY_SOURCES`` feed the "recent activity" block: ``load(user,
limit)`` returns at most ``limit`` :class:`Activity` rows the user may see, newest first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import render_template
from flask_babel import LazyString

from tavolo.dashboard.models import DashboardVisit
from tavolo.extensions import db
from tavolo.registry import Registry

if TYPE_CHECKING:
    from tavolo.auth.models import User

AUDIENCES = ("everyone", "core", "coordinator")


@dataclass(frozen=True)
class DashboardBlock:
    key: str                 # also the fragment URL part: /dashboard/<key>
    title: LazyString
    template: str            # fragment template, receives `data` (and `block`)
    load: Callable[[User], Any]   # returns None (or empty) when there is nothing to show
    order: int = 50
    audience: str = "everyone"    # "everyone" signed in, "core", or "coordinator"

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ValueError(f"unknown dashboard audience {self.audience!r}")

    def admits(self, user) -> bool:
        """Whether ``user`` sees this block (welcome blocks admit everyone)."""
        if self.audience == "everyone":
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return user.is_coordinator if self.audience == "coordinator" else user.is_core


@dataclass(frozen=True)
class Activity:
    """One line of "recent activity": something that happened to an object the reader sees."""

    at: dt.datetime
    kind: str | LazyString
    title: str
    url: str


@dataclass(frozen=True)
class ActivitySource:
    key: str
    load: Callable[[User, int], list[Activity]]
    order: int = 50


DASHBOARD_BLOCKS: Registry[DashboardBlock] = Registry("dashboard_blocks")  # signed-in home page
WELCOME_BLOCKS: Registry[DashboardBlock] = Registry("welcome_blocks")  # public welcome page
ACTIVITY_SOURCES: Registry[ActivitySource] = Registry("dashboard_activity")


@dataclass(frozen=True)
class LoadedBlock:
    block: DashboardBlock
    data: Any


def find(registry: Registry[DashboardBlock], key: str, user) -> DashboardBlock | None:
    """The block ``key`` if ``user`` may see it."""
    for block in registry.entries():
        if block.key == key and block.admits(user):
            return block
    return None


def load_blocks(registry: Registry[DashboardBlock], user) -> list[LoadedBlock]:
    """Every block ``user`` may see, in order, with its data."""
    return [LoadedBlock(block, block.load(user)) for block in registry.entries()
            if block.admits(user)]


def render_block(key: str, user, registry: Registry[DashboardBlock] = DASHBOARD_BLOCKS,
                 **context) -> str:
    """The HTML of one block as the dashboard shows it (for htmx answers of other areas);
    ``context`` reaches the block's template (e.g. ``notice``, a line to announce)."""
    block = find(registry, key, user)
    if block is None:
        return ""
    return render_template("dashboard/_block.html", loaded=LoadedBlock(block, block.load(user)),
                           **context)


def last_visit(user) -> dt.datetime | None:
    """When ``user`` saw the dashboard before this visit (None the first time)."""
    visit = db.session.get(DashboardVisit, user.id)
    return visit.previous_seen_at if visit is not None else None
