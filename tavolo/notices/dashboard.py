"""The board's blocks for the dashboard and the public welcome page.

Each is a load function returning the ``data`` that ``templates/notices/_board.html``
renders; the dashboard registers them as blocks (two queries each, whatever the number of
notices: the notices with their projects and authors, and nothing per row).
"""

from __future__ import annotations

from tavolo.notices.models import Notice
from tavolo.notices.queries import board_preview

BLOCK_SIZE = 5


def board_for(user) -> list[Notice]:
    """Current notices ``user`` may see, deadlines soonest first, at most five."""
    return board_preview(user, BLOCK_SIZE)


def public_board() -> list[Notice]:
    """Current public notices, for the anonymous welcome page."""
    return board_preview(None, BLOCK_SIZE)
