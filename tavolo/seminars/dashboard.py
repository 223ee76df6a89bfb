"""What the home pages show of seminars: the next public seminar on the welcome page, and
the seminars added lately in the dashboard's recent activity (only those the reader sees)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from tavolo.dashboard.blocks import Activity
from tavolo.extensions import db
from tavolo.seminars.models import Seminar
from tavolo.types import utcnow
from tavolo.visibility import Visibility


def next_public_seminar(user) -> Seminar | None:
    """The next public seminar still to end (public whoever reads: this is the welcome
    page). One query."""
    return db.session.scalar(
        sa.select(Seminar).where(Seminar.visibility == Visibility.PUBLIC,
                                 Seminar.ends_at > utcnow())
        .order_by(Seminar.starts_at, Seminar.id).limit(1))


def added(user, limit: int) -> list[Activity]:
    """Recent activity: seminars added, among those ``user`` may see. One query."""
    rows = db.session.execute(
        sa.select(Seminar.id, Seminar.title, Seminar.created_at)
        .where(Seminar.visible_to(user))
        .order_by(Seminar.created_at.desc(), Seminar.id.desc()).limit(limit)).all()
    return [Activity(at=at, kind=_l("Seminario in programma"), title=title,
                     url=url_for("seminars.detail", seminar_id=seminar_id))
            for seminar_id, title, at in rows]
