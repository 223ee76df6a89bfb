"""Per-user calendar settings (secret feed address, reminder) and the state of each feed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import UTCDateTime, utcnow

DEFAULT_REMINDER_MINUTES = 24 * 60
MAX_REMINDER_MINUTES = 4 * 7 * 24 * 60


class CalendarSettings(db.Model):
    """One user's calendar preferences and personal feed.

    The feed address is never stored: ``feed_salt`` holds the random part (256 bits) and the
    address is derived from it with the app's secret key (see ``tavolo.calendar.feeds``), so
    the database alone reveals no working address while the account page can still show
    it. ``feed_token_hash`` (SHA-256 of the address token) finds the user of a request.
    ``reminder_minutes`` is how long before an item the calendar reminds the user; ``None``
    means no reminder.
    """

    __tablename__ = "calendar_settings"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    reminder_minutes: Mapped[int | None] = mapped_column(default=DEFAULT_REMINDER_MINUTES)
    feed_salt: Mapped[str | None] = mapped_column(sa.String(64))
    feed_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    feed_created_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    feed_used_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, doc="Last time a calendar app fetched the feed (updated at most hourly)")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                    onupdate=utcnow)

    user: Mapped[User] = relationship()

    __table_args__ = (
        sa.CheckConstraint(f"reminder_minutes IS NULL OR reminder_minutes BETWEEN 0 AND "
                           f"{MAX_REMINDER_MINUTES}", name="reminder_range"),
        sa.CheckConstraint("(feed_salt IS NULL) = (feed_token_hash IS NULL)",
                           name="feed_salt_with_hash"),
    )

    @property
    def has_feed(self) -> bool:
        return self.feed_token_hash is not None


class CalendarFeedState(db.Model):
    """The last content a feed served (its ETag) and when that content changed.

    Feeds answer ``304 Not Modified`` to calendar apps that poll them; ``Last-Modified`` must
    move whenever the content does, including when an item disappears or the reader's role
    changes, which no timestamp of the items themselves can tell. So the feed remembers the
    hash of what it served and the moment that hash last changed.
    """

    __tablename__ = "calendar_feed_states"

    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    etag: Mapped[str] = mapped_column(sa.String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
