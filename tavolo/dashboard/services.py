"""The dashboard's own rules: the visit marker and the merged recent activity."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.dashboard.blocks import (
    ACTIVITY_SOURCES,
    DASHBOARD_BLOCKS,
    Activity,
    DashboardBlock,
)
from tavolo.dashboard.models import DashboardVisit
from tavolo.extensions import db
from tavolo.types import utcnow

ACTIVITY_LIMIT = 10
# Pages shown within this time of the last one belong to the same visit: reloading the
# dashboard does not make the news of this visit "seen".
SAME_VISIT = dt.timedelta(minutes=30)


def record_visit(user) -> None:
    """The dashboard is being shown: what was "last seen" becomes the previous visit, unless
    the last page was shown less than 30 minutes ago (the same visit, e.g. a reload).

    One statement when the row exists; a concurrent first visit (two tabs) is absorbed by a
    savepoint, so the page never fails because of its own marker.
    """
    now = utcnow()
    updated = db.session.execute(
        sa.update(DashboardVisit).where(DashboardVisit.user_id == user.id)
        .values(previous_seen_at=sa.case(
            (DashboardVisit.seen_at < now - SAME_VISIT, DashboardVisit.seen_at),
            else_=DashboardVisit.previous_seen_at), seen_at=now)
        .execution_options(synchronize_session=False))
    if updated.rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(DashboardVisit(user_id=user.id, seen_at=now, previous_seen_at=None))
    except sa.exc.IntegrityError:
        pass


def recent_activity(user) -> list[Activity]:
    """The newest things that happened in what ``user`` may see, from every source."""
    rows: list[Activity] = []
    for source in ACTIVITY_SOURCES.entries():
        rows.extend(source.load(user, ACTIVITY_LIMIT))
    rows.sort(key=lambda a: a.at, reverse=True)
    return rows[:ACTIVITY_LIMIT]


def register_own_blocks(app) -> None:
    DASHBOARD_BLOCKS.add(app, DashboardBlock(
        key="activity", title=_l("Attività recente"), template="dashboard/_activity.html",
        load=recent_activity, order=80))
