"""Reading notices for the board, the archive, the queue, the feed and the dashboard, each
in a fixed number of queries whatever the number of notices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeKind, NoticeStatus, today
from tavolo.types import ROME
from tavolo.visibility import Visibility

PER_PAGE = 20
FEED_SIZE = 50


@dataclass(frozen=True)
class ArchiveFilters:
    kind: NoticeKind | None = None
    year: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.kind or self.year)

    def args(self) -> dict:
        return {k: v for k, v in (("kind", self.kind and self.kind.value),
                                  ("year", self.year)) if v}


def _with_page_parts(statement):
    return statement.options(joinedload(Notice.project), joinedload(Notice.author))


def _deadline_first(statement):
    """Deadlines soonest first, notices without one after, newest first among equals."""
    return statement.order_by(Notice.deadline.is_(None), Notice.deadline,
                              Notice.published_at.desc(), Notice.id.desc())


def board_query(user, kind: NoticeKind | None = None):
    """Current published notices ``user`` may see."""
    statement = sa.select(Notice).where(Notice.visible_to(user), Notice.current())
    if kind is not None:
        statement = statement.where(Notice.kind == kind)
    return _deadline_first(_with_page_parts(statement))


def board_preview(user, limit: int = 5) -> list[Notice]:
    return list(db.session.scalars(board_query(user).limit(limit)))


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=ROME).astimezone(dt.UTC)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=ROME).astimezone(dt.UTC)


def archive_query(user, filters: ArchiveFilters):
    """Expired notices ``user`` may see, by kind and year of publication, newest first."""
    statement = _with_page_parts(sa.select(Notice).where(
        Notice.visible_to(user), Notice.expires_on < today())) \
        .order_by(Notice.expires_on.desc(), Notice.id.desc())
    if filters.kind is not None:
        statement = statement.where(Notice.kind == filters.kind)
    if filters.year:
        start, end = _year_bounds(filters.year)
        statement = statement.where(Notice.published_at >= start, Notice.published_at < end)
    return statement


def archive_years(user) -> list[int]:
    """Years of publication of the archived notices ``user`` may see, newest first."""
    published = db.session.scalars(sa.select(Notice.published_at).distinct().where(
        Notice.visible_to(user), Notice.expires_on < today()))
    return sorted({p.astimezone(ROME).year for p in published if p is not None}, reverse=True)


def pending_queue():
    """Notices waiting for the coordinator, oldest first."""
    return _with_page_parts(sa.select(Notice).where(Notice.status == NoticeStatus.PENDING)) \
        .order_by(Notice.created_at, Notice.id)


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notice)
                             .where(Notice.status == NoticeStatus.PENDING)) or 0


def not_published_of(user) -> list[Notice]:
    """The reader's own notices waiting or rejected (for their board page)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        sa.select(Notice).where(Notice.author_id == user.id,
                                Notice.status != NoticeStatus.PUBLISHED)
        .order_by(Notice.created_at.desc()).limit(PER_PAGE)))


def public_feed() -> list[Notice]:
    """The newest public notices still on the board, for the Atom feed."""
    return list(db.session.scalars(
        sa.select(Notice).where(Notice.status == NoticeStatus.PUBLISHED,
                                Notice.visibility == Visibility.PUBLIC, Notice.current())
        .order_by(Notice.published_at.desc(), Notice.id.desc()).limit(FEED_SIZE)))


def feed_state() -> tuple[int, int, dt.datetime | None]:
    """What the public feed is made of, in one query: how many notices, the largest id and
    the newest change. The feed's ETag and Last-Modified come from it, so a 304 costs one
    small query."""
    row = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(Notice.id), sa.func.max(Notice.updated_at))
        .where(Notice.status == NoticeStatus.PUBLISHED,
               Notice.visibility == Visibility.PUBLIC, Notice.current())).one()
    return row[0], row[1] or 0, row[2]


def notice_for_page(notice_id: int) -> Notice | None:
    return db.session.scalar(_with_page_parts(sa.select(Notice).where(Notice.id == notice_id))
                             .options(joinedload(Notice.reviewed_by)))
