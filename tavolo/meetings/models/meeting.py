"""Meetings, the series that generate them, and who may see and manage them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import LabelledEnum, RomeTimes, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see, visible_levels

if TYPE_CHECKING:
    from tavolo.meetings.models.agenda import AgendaItem
    from tavolo.meetings.models.invitee import MeetingInvitee, MeetingOrganization
    from tavolo.meetings.models.minutes import ActionItem, Decision, Minutes


class MeetingKind(LabelledEnum):
    CORE = "core", _l("Gruppo ristretto")
    ENLARGED = "enlarged", _l("Rete allargata")


KIND_LABELS = MeetingKind.labels()


class MeetingStatus(LabelledEnum):
    DRAFT = "draft", _l("In preparazione")
    SCHEDULED = "scheduled", _l("Convocata")
    HELD = "held", _l("Svolta")
    CANCELLED = "cancelled", _l("Annullata")


STATUS_LABELS = MeetingStatus.labels()

# Which visibility each kind of meeting may have. Core meetings are for the restricted group
# only, so a partner can never see one; enlarged meetings are for the whole network, or public.
ALLOWED_VISIBILITY = {
    MeetingKind.CORE: (Visibility.CORE,),
    MeetingKind.ENLARGED: (Visibility.NETWORK, Visibility.PUBLIC),
}


def _new_uid() -> str:
    return str(uuid.uuid4())


def _is_core(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_core", False))


def _is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_coordinator", False))


class MeetingSeries(db.Model):
    """A rule such as "every first Tuesday of the month, 15:00–17:00, until June".

    Creating a series creates its meetings one by one; the series is kept so that the
    meetings can show where they came from and be listed together.
    """

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind, "series_kind", 10))
    ordinal: Mapped[int] = mapped_column(doc="1–4 for first…fourth, -1 for the last weekday")
    weekday: Mapped[int] = mapped_column(doc="0 = Monday … 6 = Sunday")
    local_start: Mapped[dt.time]
    local_end: Mapped[dt.time]
    first_date: Mapped[dt.date]
    until_date: Mapped[dt.date]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meetings: Mapped[list[Meeting]] = relationship(back_populates="series",
                                                   order_by="Meeting.starts_at")

    __table_args__ = (
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_valid"),
        sa.CheckConstraint("ordinal IN (-1, 1, 2, 3, 4)", name="ordinal_valid"),
        sa.CheckConstraint("until_date >= first_date", name="dates_ordered"),
    )


class Meeting(RomeTimes, db.Model):
    """A meeting of the core group or of the enlarged network (``seduta``).

    Times are aware UTC datetimes, entered and shown in Europe/Rome. ``uid`` never changes
    and ``sequence`` grows on every change of time, place or status, so a calendar invitation
    can carry ``UID`` and ``SEQUENCE`` (RFC 5545) and clients replace the earlier version.
    ``agenda_version`` grows on every change of the agenda's order: updating it first is also
    how concurrent agenda edits of one meeting are serialised (see ``services.agenda``).
    """

    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=_new_uid)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind, "meeting_kind", 10))
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus, "meeting_status", 10), default=MeetingStatus.DRAFT)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, "meeting_visibility", 10))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    quorum: Mapped[int | None] = mapped_column(
        doc="Organisations that must be present; None = a majority of those invited")
    sequence: Mapped[int] = mapped_column(default=0)
    agenda_version: Mapped[int] = mapped_column(default=0)
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True)
    circulated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    cancel_reason: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series: Mapped[MeetingSeries | None] = relationship(back_populates="meetings")
    created_by: Mapped[User | None] = relationship()
    invitees: Mapped[list[MeetingInvitee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="MeetingInvitee.id")
    organizations: Mapped[list[MeetingOrganization]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True)
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(AgendaItem.position, AgendaItem.id)")
    minutes: Mapped[Minutes | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        uselist=False, foreign_keys="Minutes.meeting_id")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(Decision.position, Decision.id)")
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ActionItem.id")

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("kind <> 'core' OR visibility = 'core'", name="core_stays_core"),
        sa.CheckConstraint("kind <> 'enlarged' OR visibility IN ('public', 'network')",
                           name="enlarged_visibility"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint("quorum IS NULL OR quorum > 0", name="quorum_positive"),
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.title!r} {self.status}>"

    # -- times -----------------------------------------------------------------------------

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= utcnow()

    @property
    def is_past(self) -> bool:
        return self.ends_at < utcnow()

    @property
    def is_open(self) -> bool:
        """Still to happen: in preparation or convened."""
        return self.status in (MeetingStatus.DRAFT, MeetingStatus.SCHEDULED)

    # -- permissions -----------------------------------------------------------------------
    # One method per question; ``visible_to`` is the same rule as ``can_view`` for queries.

    def can_view(self, user) -> bool:
        """Level of the meeting within the reader's clearance; drafts only for the core group."""
        if not can_see(user, self.visibility):
            return False
        return self.status != MeetingStatus.DRAFT or _is_core(user)

    @classmethod
    def visible_to(cls, user):
        """SQL condition selecting the meetings ``user`` may see (lists, counts, feeds)."""
        condition = cls.visibility.in_(visible_levels(user))
        if not _is_core(user):
            condition = sa.and_(condition, cls.status != MeetingStatus.DRAFT)
        return condition

    def can_manage(self, user) -> bool:
        """Coordinators manage meetings: details, invitees, agenda, attendance, minutes."""
        return _is_coordinator(user)

    def can_edit_details(self, user) -> bool:
        return self.can_manage(user) and self.is_open

    def can_edit_agenda(self, user) -> bool:
        """Until the minutes are approved the agenda may still be put right."""
        if not self.can_manage(user) or self.status == MeetingStatus.CANCELLED:
            return False
        return self.minutes is None or not self.minutes.is_approved

    def can_take_attendance(self, user) -> bool:
        if not self.can_manage(user) or self.status == MeetingStatus.CANCELLED:
            return False
        if self.minutes is not None and self.minutes.is_approved:
            return False
        return self.status == MeetingStatus.HELD or (
            self.status == MeetingStatus.SCHEDULED
            and self.starts_at - dt.timedelta(hours=1) <= utcnow())

    def can_see_people(self, user) -> bool:
        """Names of invitees and attendees are directory contacts: logged-in readers only."""
        return bool(getattr(user, "is_authenticated", False)) and self.can_view(user)

    def can_view_minutes(self, user) -> bool:
        """Approved minutes follow the meeting; drafts are for the core group only."""
        if self.minutes is None or not self.can_view(user):
            return False
        return self.minutes.is_approved or _is_core(user)

    def can_write_minutes(self, user) -> bool:
        if not self.can_manage(user) or self.status in (MeetingStatus.CANCELLED,
                                                        MeetingStatus.DRAFT):
            return False
        if self.status == MeetingStatus.SCHEDULED and not self.has_started:
            return False
        return self.minutes is None or not self.minutes.is_approved

    def can_propose_item(self, user, invitee) -> bool:
        """Invited readers may propose agenda items until the meeting starts."""
        return (invitee is not None and self.can_view(user) and self.is_open
                and not self.has_started)

    def can_rsvp(self, user, invitee) -> bool:
        return (invitee is not None and self.can_view(user)
                and self.status == MeetingStatus.SCHEDULED and not self.is_past)

    # -- invitees --------------------------------------------------------------------------

    def invitee_for(self, person) -> MeetingInvitee | None:
        """The invitation of ``person`` (a Person or None) among the loaded invitees."""
        if person is None:
            return None
        for invitee in self.invitees:
            if invitee.person_id == person.id:
                return invitee
        return None

