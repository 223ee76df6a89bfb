"""When each user last saw the dashboard: what counts as "new since my last visit"."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db
from tavolo.types import UTCDateTime


class DashboardVisit(db.Model):
    """One row per user: the last time the dashboard was shown and the time before it.

    Blocks compare against ``previous_seen_at``, so refreshing one block (htmx) during the
    same visit shows the same news as the page did.
    """

    __tablename__ = "dashboard_visits"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    previous_seen_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
