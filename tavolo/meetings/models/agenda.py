"""The agenda (``ordine del giorno``): ordered items, proposals and their notes."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.proposals.models import Proposal
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from tavolo.meetings.models.meeting import Meeting
    from tavolo.meetings.models.minutes import Minutes

MAX_DURATION_MINUTES = 480


class AgendaItemKind(enum.StrEnum):
    TOPIC = "topic"
    MINUTES_APPROVAL = "minutes_approval"


class AgendaItemStatus(LabelledEnum):
    ACCEPTED = "accepted", _l("In ordine del giorno")
    PROPOSED = "proposed", _l("Proposta in attesa")
    DECLINED = "declined", _l("Proposta non accolta")


ITEM_STATUS_LABELS = AgendaItemStatus.labels()


class AgendaItem(db.Model):
    """One item of a meeting's agenda, or a proposal for one.

    Only accepted items have a ``position`` (1, 2, 3 … within the meeting, unique); proposals
    and declined proposals have none. The item links to the project it discusses and to the
    network's proposal (``Proposal``) it brings to the meeting, if any: the proposal's page
    lists the item, and a proposal that disappears only leaves the item unlinked. ``notes`` are
    the minutes of this item, frozen with the minutes once they are approved.
    """

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int | None]
    kind: Mapped[AgendaItemKind] = mapped_column(
        str_enum(AgendaItemKind, "agenda_item_kind", 20), default=AgendaItemKind.TOPIC)
    status: Mapped[AgendaItemStatus] = mapped_column(
        str_enum(AgendaItemStatus, "agenda_item_status", 10), default=AgendaItemStatus.ACCEPTED)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    presenter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    duration_minutes: Mapped[int] = mapped_column(default=15)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="SET NULL"), index=True)
    approves_minutes_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("minutes.id", ondelete="SET NULL"), index=True)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    proposed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(sa.String(1000), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    presenter: Mapped[Person | None] = relationship()
    project: Mapped[Project | None] = relationship()
    proposal: Mapped[Proposal | None] = relationship()
    proposed_by: Mapped[User | None] = relationship()
    approves_minutes: Mapped[Minutes | None] = relationship(foreign_keys=[approves_minutes_id])

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "position", name="uq_agenda_items_position"),
        sa.CheckConstraint(f"duration_minutes BETWEEN 1 AND {MAX_DURATION_MINUTES}",
                           name="duration_valid"),
        sa.CheckConstraint("(status = 'accepted') = (position IS NOT NULL)",
                           name="position_iff_accepted"),
    )

    def __repr__(self) -> str:
        return f"<AgendaItem {self.id} #{self.position} {self.title!r}>"

    @property
    def is_accepted(self) -> bool:
        return self.status == AgendaItemStatus.ACCEPTED

    @property
    def is_minutes_approval(self) -> bool:
        return self.kind == AgendaItemKind.MINUTES_APPROVAL
