"""Notices of the board and the board's settings."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.types import ROME, LabelledEnum, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see, visible_levels


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def today() -> dt.date:
    """Today in Rome: a notice expiring today stays on the board until midnight there."""
    return utcnow().astimezone(ROME).date()


class NoticeKind(LabelledEnum):
    FUNDING = "funding", _l("Bando")
    OPPORTUNITY = "opportunity", _l("Opportunità di lavoro o formazione")
    EVENT = "event", _l("Evento")
    LAW = "law", _l("Novità normative")
    OTHER = "other", _l("Altro")


class NoticeStatus(LabelledEnum):
    PENDING = "pending", _l("In attesa di approvazione")
    PUBLISHED = "published", _l("Pubblicato")
    REJECTED = "rejected", _l("Respinto")


# Levels a notice may have: the board is never "coordinators only".
NOTICE_LEVELS = (Visibility.PUBLIC, Visibility.NETWORK, Visibility.CORE)


class Notice(db.Model):
    """One notice. It is on the board while published and not expired (``expires_on`` is the
    last day it shows, Rome time), then in the archive. ``announced_at`` is set once, by
    the one conditional UPDATE that sends the e-mail, so a notice is never mailed twice."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind, "notice_kind", 20))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    deadline: Mapped[dt.date | None] = mapped_column(sa.Date, doc="scadenza (of the call)")
    expires_on: Mapped[dt.date | None] = mapped_column(sa.Date, index=True,
                                                        doc="last day on the board")
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "notice_visibility", 10), default=Visibility.NETWORK)
    status: Mapped[NoticeStatus] = mapped_column(
        str_enum(NoticeStatus, "notice_status", 10), default=NoticeStatus.PUBLISHED, index=True)
    rejection_reason: Mapped[str] = mapped_column(sa.Text, default="")
    email_requested: Mapped[bool] = mapped_column(default=False)
    announced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    project: Mapped[Project | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("deadline IS NULL OR expires_on IS NULL OR deadline <= expires_on",
                           name="deadline_before_expiry"),
        sa.CheckConstraint("visibility <> 'private'", name="not_private"),
    )

    def __repr__(self) -> str:
        return f"<Notice {self.id} {self.title!r}>"

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < today()

    @property
    def is_current(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED and not self.is_expired

    @property
    def deadline_passed(self) -> bool:
        return self.deadline is not None and self.deadline < today()

    @property
    def year(self) -> int:
        return (self.published_at or self.created_at).astimezone(ROME).year

    # -- permissions: one method per question ------------------------------------------------

    def is_author(self, user) -> bool:
        return _authenticated(user) and self.author_id is not None and self.author_id == user.id

    def can_view(self, user) -> bool:
        """Published notices by their level; pending or rejected ones by author and
        coordinators only."""
        if self.status == NoticeStatus.PUBLISHED:
            return can_see(user, self.visibility)
        return self.is_author(user) or (_authenticated(user) and user.is_coordinator)

    @classmethod
    def visible_to(cls, user):
        """SQL condition: the *published* notices ``user`` may see (mirrors ``can_view``)."""
        return sa.and_(cls.status == NoticeStatus.PUBLISHED,
                       cls.visibility.in_(visible_levels(user)))

    @classmethod
    def current(cls):
        """SQL condition: not expired (today in Rome)."""
        return sa.or_(cls.expires_on.is_(None), cls.expires_on >= today())

    def can_edit(self, user) -> bool:
        return _authenticated(user) and (user.is_coordinator or self.is_author(user))

    def can_delete(self, user) -> bool:
        return self.can_edit(user)

    @staticmethod
    def can_review(user) -> bool:
        """Coordinators approve or reject notices and change the board's settings."""
        return _authenticated(user) and user.is_coordinator

    def can_approve(self, user) -> bool:
        return self.can_review(user) and self.status != NoticeStatus.PUBLISHED


class NoticeSettings(db.Model):
    """The board's settings, one row (id 1), changed by the coordinator."""

    __tablename__ = "notice_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    others_may_post: Mapped[bool] = mapped_column(default=False)
    approval_required: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    def can_post(self, user) -> bool:
        """The coordinator always; partners and members when the coordinator allows it."""
        if not _authenticated(user):
            return False
        return user.is_coordinator or self.others_may_post

    def needs_approval(self, user) -> bool:
        return not user.is_coordinator and self.approval_required
