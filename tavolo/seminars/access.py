"""The one place that turns "seminar N" into a seminar the reader may use, or 404/403."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.extensions import db
from tavolo.seminars.models import Seminar, Topic
from tavolo.seminars.queries import seminar_for_page


def get_seminar_or_404(seminar_id: int, need: str = "view") -> Seminar:
    """404 for a seminar the reader may not see (its existence is not revealed); 403 when
    ``need="manage"`` and the reader sees it but is not a coordinator."""
    seminar = seminar_for_page(seminar_id)
    if seminar is None or not seminar.can_view(current_user):
        abort(404)
    if need == "manage" and not seminar.can_manage(current_user):
        abort(403)
    return seminar


def get_topic_or_404(topic_id: int) -> Topic:
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        abort(404)
    return topic
