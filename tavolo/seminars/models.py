"""Seminars of the network: who speaks, on what, with whom, and who registered."""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.types import RomeTimes, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see, visible_levels


def _new_uid() -> str:
    return uuid.uuid4().hex


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


seminar_topics = sa.Table(
    "seminar_topics", db.metadata,
    sa.Column("seminar_id", sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True,
              index=True),
)

seminar_projects = sa.Table(
    "seminar_projects", db.metadata,
    sa.Column("seminar_id", sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

seminar_organizations = sa.Table(
    "seminar_organizations", db.metadata,
    sa.Column("seminar_id", sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organization_id", sa.ForeignKey("organizations.id", ondelete="CASCADE"),
              primary_key=True, index=True),
)


class Topic(db.Model):
    """One entry of the small controlled list of seminar topics the coordinator edits."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    position: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<Topic {self.name!r}>"


class Seminar(RomeTimes, db.Model):
    """A seminar or study day (``momento seminariale``), public unless said otherwise.

    Times are aware UTC datetimes typed and shown in Europe/Rome. Like meetings, ``uid``
    never changes and ``sequence`` grows with every change of time or place, so calendar
    clients replace their copy. ``registered`` counts the registrations and is updated in
    SQL, which is how the last free place cannot be taken twice.
    """

    __tablename__ = "seminars"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=_new_uid)
    title: Mapped[str] = mapped_column(sa.String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    abstract: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "seminar_visibility", 10), default=Visibility.PUBLIC)
    registration_enabled: Mapped[bool] = mapped_column(default=False)
    places: Mapped[int | None] = mapped_column(doc="None: no limit")
    registered: Mapped[int] = mapped_column(default=0, server_default="0")
    sequence: Mapped[int] = mapped_column(default=0)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="seminar", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Speaker.position")
    topics: Mapped[list[Topic]] = relationship(secondary=seminar_topics,
                                               order_by="(Topic.position, Topic.name)")
    projects: Mapped[list[Project]] = relationship(secondary=seminar_projects,
                                                   order_by="Project.title")
    organizations: Mapped[list[Organization]] = relationship(secondary=seminar_organizations,
                                                             order_by="Organization.name")
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="seminar", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Registration.created_at")

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("places IS NULL OR places > 0", name="places_positive"),
        sa.CheckConstraint("registered >= 0 AND (places IS NULL OR registered <= places)",
                           name="registered_within_places"),
    )

    def __repr__(self) -> str:
        return f"<Seminar {self.id} {self.title!r}>"

    @property
    def year(self) -> int:
        return self.local_start.year

    @property
    def is_past(self) -> bool:
        return self.ends_at < utcnow()

    @property
    def places_left(self) -> int | None:
        return None if self.places is None else max(self.places - self.registered, 0)

    # -- permissions: one method per question ------------------------------------------------

    def can_view(self, user) -> bool:
        return can_see(user, self.visibility)

    @classmethod
    def visible_to(cls, user):
        """SQL condition selecting the seminars ``user`` may see (mirrors ``can_view``)."""
        return cls.visibility.in_(visible_levels(user))

    @staticmethod
    def can_manage(user) -> bool:
        """Coordinators create, edit and delete seminars and edit the list of topics."""
        return _authenticated(user) and user.is_coordinator

    def registration_open(self) -> bool:
        return self.registration_enabled and self.starts_at > utcnow()

    def can_register(self, user) -> bool:
        return self.can_view(user) and self.registration_open()

    def can_see_registrations(self, user) -> bool:
        return self.can_manage(user)


class Speaker(db.Model):
    """A speaker: a person of the directory, or an external name with an affiliation."""

    __tablename__ = "seminar_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    person_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200), default="")
    affiliation: Mapped[str] = mapped_column(sa.String(300), default="")

    seminar: Mapped[Seminar] = relationship(back_populates="speakers")
    person: Mapped[Person | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.person.name if self.person is not None else self.name

    @property
    def display_affiliation(self) -> str:
        if self.person is not None and self.person.organization is not None:
            return self.person.organization.name
        return self.affiliation


class Registration(db.Model):
    """Someone who said they will attend; one per e-mail address and seminar."""

    __tablename__ = "seminar_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    seminar_id: Mapped[int] = mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    seminar: Mapped[Seminar] = relationship(back_populates="registrations")
    user: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("seminar_id", "email", name="uq_seminar_registrations_email"),
    )
