"""One block at a time: the htmx refresh of a dashboard block, or its own page."""

from __future__ import annotations

from flask import abort
from flask_login import current_user, login_required

from tavolo.dashboard import bp, services
from tavolo.dashboard.blocks import DASHBOARD_BLOCKS, LoadedBlock, find
from tavolo.htmx import render


@bp.record_once
def _plug_in(state) -> None:
    services.register_own_blocks(state.app)


@bp.get("/<key>")
@login_required
def block(key: str):
    """The block's fragment for htmx; a page with just that block otherwise; 404 for a
    block that does not exist or that the reader's role does not see."""
    found = find(DASHBOARD_BLOCKS, key, current_user)
    if found is None:
        abort(404)
    loaded = LoadedBlock(found, found.load(current_user))
    return render("dashboard/block.html", "dashboard/_block.html", loaded=loaded)
