"""The one place that turns "notice N" into a notice the reader may use, or 404/403."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.notices.models import Notice
from tavolo.notices.queries import notice_for_page


def get_notice_or_404(notice_id: int, need: str = "view") -> Notice:
    """404 for a notice the reader may not see (its existence is not revealed); 403 when
    the reader sees it but may not ``need`` ("edit", "review") it."""
    notice = notice_for_page(notice_id)
    if notice is None or not notice.can_view(current_user):
        abort(404)
    if need == "edit" and not notice.can_edit(current_user):
        abort(403)
    if need == "review" and not notice.can_review(current_user):
        abort(403)
    return notice
