"""The board's blocks for the dashboard and the public welcome page.

Each is a load function returning the ``data`` that ``templates/notices/_board.html``
renders; the dashboard registers them as blocks (two queries each, whatever the number of
notices: the notices with their projects and authors, and nothing per row).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from tavolo.dashboard.blocks import Activity
from tavolo.extensions import db
from tavolo.notices.models import Notice
from tavolo.notices.queries import board_preview

BLOCK_SIZE = 5


def board_for(user) -> list[Notice]:
    """Current notices ``user`` may see, deadlines soonest first, at most five."""
    return board_preview(user, BLOCK_SIZE)


def public_board(user=None) -> list[Notice]:
    """Current public notices, for the anonymous welcome page (whoever ``user`` is)."""
    return board_preview(None, BLOCK_SIZE)


def published(user, limit: int) -> list[Activity]:
    """Recent activity: notices published, among those ``user`` may see. One query."""
    rows = db.session.execute(
        sa.select(Notice.id, Notice.title, Notice.published_at)
        .where(Notice.visible_to(user), Notice.published_at.is_not(None))
        .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(limit)).all()
    return [Activity(at=at, kind=_l("Avviso in bacheca"), title=title,
                     url=url_for("notices.detail", notice_id=notice_id))
            for notice_id, title, at in rows]
