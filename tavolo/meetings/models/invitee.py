"""Who is invited to a meeting, what they answered and who was present.

Invitations are made to *people* (``Person``); a logged-in user acts through the person
linked to the account (``Person.user_id``). Inviting an organisation records the
organisation and invites each of its contact people, so the answer, the delegate and the
attendance always belong to one person, and the organisation each person represented is
kept on the row even if the person later moves to another organisation.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow

if TYPE_CHECKING:
    from tavolo.meetings.models.meeting import Meeting


class InviteeSource(LabelledEnum):
    PERSON = "person", _l("invitata/o personalmente")
    ORGANIZATION = "organization", _l("invitata/o con il proprio ente")
    DELEGATE = "delegate", _l("delegata/o")
    ADDED = "added", _l("aggiunta/o alla riunione")


SOURCE_LABELS = InviteeSource.labels()


class Rsvp(LabelledEnum):
    PENDING = "pending", _l("Nessuna risposta")
    YES = "yes", _l("Partecipa")
    NO = "no", _l("Non partecipa")
    MAYBE = "maybe", _l("Forse")


RSVP_LABELS = Rsvp.labels()


class MeetingOrganization(db.Model):
    """An organisation invited as a whole: its contact people were invited with it."""

    __tablename__ = "meeting_organizations"

    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), primary_key=True, index=True)
    invited_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="organizations")
    organization: Mapped[Organization] = relationship()


class MeetingInvitee(db.Model):
    """One person's invitation: answer, delegate and attendance.

    A delegate named in an answer gets an invitation row of its own (``source`` delegate,
    ``delegate_of`` pointing at the row of whoever named them), so the delegate can open the
    meeting, answer and be marked present like everyone else.
    """

    __tablename__ = "meeting_invitees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(
        sa.ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True,
        doc="The organisation the person represents at this meeting")
    source: Mapped[InviteeSource] = mapped_column(str_enum(InviteeSource, "invitee_source", 15))
    rsvp: Mapped[Rsvp] = mapped_column(str_enum(Rsvp, "invitee_rsvp", 10), default=Rsvp.PENDING)
    rsvp_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    rsvp_note: Mapped[str] = mapped_column(sa.String(300), default="")
    delegate_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("meeting_invitees.id", ondelete="SET NULL"), index=True)
    attended: Mapped[bool] = mapped_column(default=False)
    invited_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, doc="When the convocation was last written to the outbox for this person")

    meeting: Mapped[Meeting] = relationship(back_populates="invitees")
    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()
    delegate_of: Mapped[MeetingInvitee | None] = relationship(
        remote_side=[id], back_populates="delegates")
    delegates: Mapped[list[MeetingInvitee]] = relationship(back_populates="delegate_of")

    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "person_id", name="uq_meeting_invitees_person"),
    )

    def __repr__(self) -> str:
        return f"<MeetingInvitee meeting={self.meeting_id} person={self.person_id} {self.rsvp}>"

    @property
    def email(self) -> str:
        """Where mail for this invitee goes: the person's address, else the login's."""
        person = self.person
        if person.email:
            return person.email
        return person.user.email if person.user is not None else ""

    @property
    def locale(self) -> str:
        user = self.person.user
        return user.locale if user is not None and user.locale else "it"

    @property
    def delegate(self) -> MeetingInvitee | None:
        return self.delegates[0] if self.delegates else None
