"""The partner directory: member organisations and their contact people."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow


class OrganizationKind(LabelledEnum):
    INSTITUTION = "institution", _l("Istituzione")
    SOCIAL_SERVICES = "social_services", _l("Servizi sociali")
    JOB_CENTRE = "job_centre", _l("Centro per l'impiego / servizi al lavoro")
    COOPERATIVE = "cooperative", _l("Cooperativa")
    ASSOCIATION = "association", _l("Associazione")
    UNION = "union", _l("Sindacato")
    TRAINING_AGENCY = "training_agency", _l("Agenzia formativa")
    HEALTH_SERVICE = "health_service", _l("Servizio sanitario")
    PARISH = "parish", _l("Parrocchia / centro di ascolto")
    FOUNDATION = "foundation", _l("Fondazione")
    BUSINESS = "business", _l("Impresa")
    OTHER = "other", _l("Altro")


KIND_LABELS = OrganizationKind.labels()


class Ring(LabelledEnum):
    CORE = "core", _l("Gruppo ristretto")
    EXTENDED = "extended", _l("Rete allargata")


RING_LABELS = Ring.labels()


class WorkArea(LabelledEnum):
    DISABILITY = "disability", _l("Disabilità")
    ADULTS = "adults_in_difficulty", _l("Adulti in difficoltà")
    YOUTH = "young_people", _l("Giovani")
    WOMEN = "women", _l("Donne")
    MIGRANTS = "migrants", _l("Migranti")
    BUSINESSES = "businesses", _l("Imprese")
    TRAINING = "training", _l("Formazione")
    EMPLOYMENT = "employment_services", _l("Servizi per il lavoro")
    HEALTH = "health", _l("Salute")
    ELDERLY = "elderly", _l("Anziani")


AREA_LABELS = WorkArea.labels()


class Organization(db.Model):
    """A member organisation of the network (``ente``)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str] = mapped_column(sa.String(60), default="")
    kind: Mapped[OrganizationKind] = mapped_column(str_enum(OrganizationKind, "organization_kind"))
    ring: Mapped[Ring] = mapped_column(str_enum(Ring, "organization_ring", 10), default=Ring.EXTENDED)
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    phone: Mapped[str] = mapped_column(sa.String(60), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    active_since: Mapped[int | None] = mapped_column(doc="Year the organisation joined")
    active_until: Mapped[int | None] = mapped_column(doc="Year the organisation left")
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Bumped on every UPDATE: an edit form based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    area_rows: Mapped[list[OrganizationArea]] = relationship(
        cascade="all, delete-orphan", order_by="OrganizationArea.area")
    people: Mapped[list[Person]] = relationship(
        back_populates="organization", order_by="Person.name")
    host: Mapped[InternshipHost | None] = relationship(
        back_populates="organization", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Organization {self.name!r}>"

    # Permissions: the directory is network content (DESIGN.md, roles and visibility).
    @classmethod
    def can_view(cls, user) -> bool:
        """Anyone logged in reads the directory; anonymous visitors see nothing of it."""
        return bool(user is not None and user.is_authenticated)

    @classmethod
    def can_manage(cls, user) -> bool:
        """Create, edit, delete, import, and read the audit log: coordinators only."""
        return bool(user is not None and user.is_authenticated and user.is_coordinator)

    @classmethod
    def can_export(cls, user) -> bool:
        """Bulk exports of contacts: the core group, not every partner."""
        return bool(user is not None and user.is_authenticated and user.is_core)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def areas(self) -> list[WorkArea]:
        return [row.area for row in self.area_rows]

    @areas.setter
    def areas(self, values) -> None:
        wanted = {WorkArea(v) for v in values}
        self.area_rows = [row for row in self.area_rows if row.area in wanted]
        present = {row.area for row in self.area_rows}
        self.area_rows.extend(OrganizationArea(area=a) for a in sorted(wanted - present))

    @property
    def is_active(self) -> bool:
        return self.active_until is None or self.active_until >= dt.date.today().year


class OrganizationArea(db.Model):
    """One area of work of an organisation."""

    __tablename__ = "organization_areas"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[WorkArea] = mapped_column(str_enum(WorkArea, "work_area"), primary_key=True)


class Person(db.Model):
    """A contact person (``referente``); may have a login."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(sa.String(200), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(60), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    organization: Mapped[Organization | None] = relationship(back_populates="people")
    user: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Person {self.name!r}>"

    @classmethod
    def can_view(cls, user) -> bool:
        return Organization.can_view(user)

    @classmethod
    def can_view_contacts(cls, user) -> bool:
        """E-mail, phone and address of people: logged-in users only."""
        return bool(user is not None and user.is_authenticated)

    @classmethod
    def can_view_notes(cls, user) -> bool:
        """The coordinator's notes about a person stay within the core group."""
        return bool(user is not None and user.is_authenticated and user.is_core)

    @classmethod
    def can_manage(cls, user) -> bool:
        return Organization.can_manage(user)

    @classmethod
    def can_export(cls, user) -> bool:
        return Organization.can_export(user)


class InternshipHost(db.Model):
    """What a local business offers as a host for internships (``azienda ospitante``).

    One row per organisation that can host interns: the coordinator looks for a host for a
    new internship by sector, free places and conditions, and knows when it was last called.
    """

    __tablename__ = "internship_hosts"

    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    sector: Mapped[str] = mapped_column(sa.String(120), default="", index=True)
    places: Mapped[int] = mapped_column(default=0, doc="Internship places available now")
    accepts_disability: Mapped[bool] = mapped_column(
        default=False, doc="Willing to host observation internships of disabled people")
    conditions: Mapped[str] = mapped_column(sa.Text, default="")
    last_contact_on: Mapped[dt.date | None]

    organization: Mapped[Organization] = relationship(back_populates="host")

    __table_args__ = (sa.CheckConstraint("places >= 0", name="places_not_negative"),)
