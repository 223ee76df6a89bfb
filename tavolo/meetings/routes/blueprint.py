"""The meetings blueprint, with its menu entry and its project-page provider."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from tavolo import links, navigation
from tavolo.meetings.services.links import links_for_projects

bp = Blueprint("meetings", __name__)


@bp.record_once
def _register(state) -> None:
    navigation.add(state.app, "meetings.index", _l("Riunioni"), 20, "everyone", "meetings")
    links.register(state.app, links.LinkProvider(
        key="meetings", title=_l("Riunioni e decisioni"), order=10,
        template="meetings/_project_links.html", load=links_for_projects))
