"""Minutes (``verbale``) with their versions, decisions and action items.

The minutes' text lives in ``Minutes.summary``, in ``AgendaItem.notes`` and in the
decisions and action items of the meeting. While the minutes are a draft these rows are
edited in place; approval freezes them and writes version 1 as a snapshot. A correction
changes the rows and writes the next version, with its reason, in the same transaction, so
the current rows always equal the latest version and every earlier version stays readable.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.directory.models import Person
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.types import ROME, LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from tavolo.meetings.models.agenda import AgendaItem
    from tavolo.meetings.models.meeting import Meeting



class MinutesFrozen(DomainError):
    """Approved minutes cannot be changed in place; a correction makes a new version."""

class MinutesStatus(LabelledEnum):
    DRAFT = "draft", _l("Bozza")
    APPROVED = "approved", _l("Approvato")


MINUTES_STATUS_LABELS = MinutesStatus.labels()


class VersionKind(LabelledEnum):
    APPROVAL = "approval", _l("Approvazione")
    CORRECTION = "correction", _l("Correzione")


class ActionStatus(LabelledEnum):
    OPEN = "open", _l("Da fare")
    DONE = "done", _l("Fatta")
    DROPPED = "dropped", _l("Abbandonata")


ACTION_STATUS_LABELS = ActionStatus.labels()


class Minutes(db.Model):
    """The minutes of one meeting: a draft for the core group until approved."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), unique=True)
    status: Mapped[MinutesStatus] = mapped_column(
        str_enum(MinutesStatus, "minutes_status", 10), default=MinutesStatus.DRAFT)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    version: Mapped[int] = mapped_column(default=0, doc="Number of the latest version")
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    approved_in_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"), index=True,
        doc="The meeting that accepted these minutes, when approved at a meeting")
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes", foreign_keys=[meeting_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    approved_in_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_in_meeting_id])
    versions: Mapped[list[MinutesVersion]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MinutesVersion.number")

    __table_args__ = (
        sa.CheckConstraint("status <> 'approved' OR (version > 0 AND approved_at IS NOT NULL)",
                           name="approved_has_version"),
    )

    @property
    def is_approved(self) -> bool:
        return self.status == MinutesStatus.APPROVED


class MinutesVersion(db.Model):
    """A frozen copy of approved minutes: version 1 at approval, one more per correction."""

    __tablename__ = "minutes_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]
    kind: Mapped[VersionKind] = mapped_column(str_enum(VersionKind, "minutes_version_kind", 12))
    reason: Mapped[str] = mapped_column(sa.String(1000), default="")
    content: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_by_name: Mapped[str] = mapped_column(sa.String(120), default="")
    approved_in_meeting_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="SET NULL"))

    minutes: Mapped[Minutes] = relationship(back_populates="versions")

    __table_args__ = (
        sa.UniqueConstraint("minutes_id", "number", name="uq_minutes_versions_number"),
        sa.CheckConstraint("number > 0", name="number_positive"),
    )


class Decision(db.Model):
    """A decision taken at a meeting, possibly about a project."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="decisions")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    project: Mapped[Project | None] = relationship()


class ActionItem(db.Model):
    """Something someone must do after a meeting (``azione``).

    What, who and by when belong to the minutes and freeze with them; the status is follow-up
    and may change at any time. ``closed_at`` records when an item stopped being open, so the
    follow-up section of a later meeting still shows what was open on that day.
    """

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    what: Mapped[str] = mapped_column(sa.String(500))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="RESTRICT"),
                                          index=True)
    due_on: Mapped[dt.date | None]
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "action_status", 10), default=ActionStatus.OPEN)
    status_note: Mapped[str] = mapped_column(sa.String(500), default="")
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="action_items")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    owner: Mapped[Person] = relationship()

    __table_args__ = (
        sa.Index("ix_action_items_status_due", "status", "due_on"),
        sa.CheckConstraint("(status = 'open') = (closed_at IS NULL)", name="closed_iff_not_open"),
    )

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        if not self.is_open or self.due_on is None:
            return False
        return self.due_on < dt.datetime.now(ROME).date()
