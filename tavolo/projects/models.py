"""Projects of the network, the council deliberations that fund them and their outcomes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see


class ProjectStatus(LabelledEnum):
    PROPOSED = "proposed", _l("Proposto")
    APPROVED = "approved", _l("Approvato")
    RUNNING = "running", _l("In corso")
    COMPLETED = "completed", _l("Concluso")
    SET_ASIDE = "set_aside", _l("Accantonato")


STATUS_LABELS = ProjectStatus.labels()


class TargetGroup(LabelledEnum):
    YOUTH_UNDER_18 = "youth_under_18", _l("Giovani under 18 (fascia A)")
    YOUNG_ADULTS = "young_adults", _l("Giovani adulti (18–35 anni)")
    ADULTS = "adults_in_difficulty", _l("Adulti in difficoltà (fascia B)")
    DISABLED = "disabled", _l("Persone con disabilità")
    WOMEN = "women", _l("Donne")
    MIGRANTS = "migrants", _l("Migranti")
    UNEMPLOYED = "unemployed", _l("Disoccupati iscritti alla Banca Dati Lavoro")
    BUSINESSES = "businesses", _l("Imprese e operatori economici")


TARGET_LABELS = TargetGroup.labels()

project_partners = sa.Table(
    "project_partners",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organization_id", sa.ForeignKey("organizations.id", ondelete="RESTRICT"),
              primary_key=True),
)

project_objectives = sa.Table(
    "project_objectives",
    db.metadata,
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("objective_id", sa.ForeignKey("objectives.id", ondelete="RESTRICT"),
              primary_key=True),
)


class Objective(db.Model):
    """One of the network's standing objectives (the seven of the 2003 guidelines)."""

    __tablename__ = "objectives"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(sa.String(400), unique=True)


class Project(db.Model):
    """A project of the network (``progetto``)."""

    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    start_year: Mapped[int]
    end_year: Mapped[int | None]
    status: Mapped[ProjectStatus] = mapped_column(
        str_enum(ProjectStatus, "project_status", 20), default=ProjectStatus.PROPOSED)
    summary: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    lead_organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "project_visibility", 10), default=Visibility.PUBLIC)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Bumped on every UPDATE: an edit form based on an older version is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    lead_organization: Mapped[Organization | None] = relationship()
    partners: Mapped[list[Organization]] = relationship(
        secondary=project_partners, order_by=Organization.name)
    objectives: Mapped[list[Objective]] = relationship(
        secondary=project_objectives, order_by=Objective.position)
    target_rows: Mapped[list[ProjectTargetGroup]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectTargetGroup.group")
    deliberations: Mapped[list[Deliberation]] = relationship(
        back_populates="project", order_by="(Deliberation.year, Deliberation.id)")
    outcomes: Mapped[list[ProjectOutcome]] = relationship(
        back_populates="project", cascade="all, delete-orphan",
        order_by="(ProjectOutcome.position, ProjectOutcome.id)")
    placements: Mapped[list[InternshipPlacement]] = relationship(
        back_populates="project",
        order_by="(InternshipPlacement.year.desc(), InternshipPlacement.id)")

    __table_args__ = (
        sa.CheckConstraint("end_year IS NULL OR end_year >= start_year", name="years_ordered"),
    )
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Project {self.code}>"

    @property
    def target_groups(self) -> list[TargetGroup]:
        return [row.group for row in self.target_rows]

    @target_groups.setter
    def target_groups(self, values) -> None:
        wanted = {TargetGroup(v) for v in values}
        self.target_rows = [row for row in self.target_rows if row.group in wanted]
        present = {row.group for row in self.target_rows}
        self.target_rows.extend(ProjectTargetGroup(group=g) for g in sorted(wanted - present))

    @property
    def years_label(self) -> str:
        if self.end_year is None:
            return f"{self.start_year}–"
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    def can_view(self, user) -> bool:
        return can_see(user, self.visibility)

    @classmethod
    def can_manage(cls, user) -> bool:
        """Create, edit and delete projects and their funding, read their audit log."""
        return bool(user is not None and user.is_authenticated and user.is_coordinator)


class ProjectTargetGroup(db.Model):
    __tablename__ = "project_target_groups"

    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    group: Mapped[TargetGroup] = mapped_column(
        str_enum(TargetGroup, "target_group"), primary_key=True)


class Deliberation(db.Model):
    """A council deliberation (``delibera``) funding a project.

    Amounts are integer euro cents; ``None`` means the deliberation does not state that
    amount (some only grant a contribution, some only estimate the total spend).
    """

    __tablename__ = "deliberations"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(index=True, doc="First calendar year of the period")
    period: Mapped[str] = mapped_column(sa.String(20), doc="Period as written, e.g. 2004/2005")
    adopted_on: Mapped[dt.date | None]
    reference: Mapped[str] = mapped_column(sa.String(80), default="")
    title: Mapped[str] = mapped_column(sa.String(500))
    contribution_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    total_spend_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    spend_is_estimate: Mapped[bool] = mapped_column(default=False)
    beneficiary_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    project: Mapped[Project] = relationship(back_populates="deliberations")
    beneficiary: Mapped[Organization | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("contribution_cents IS NULL OR contribution_cents >= 0",
                           name="contribution_not_negative"),
        sa.CheckConstraint("total_spend_cents IS NULL OR total_spend_cents >= 0",
                           name="spend_not_negative"),
    )
    __mapper_args__ = {"version_id_col": version}

    def can_view(self, user) -> bool:
        """A deliberation is as visible as its project."""
        return self.project.can_view(user)


class ProjectOutcome(db.Model):
    """A result of a project, e.g. 21 internships with a stipend, 3 months each."""

    __tablename__ = "project_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(400))
    count: Mapped[int]
    months: Mapped[int | None]
    target_group: Mapped[TargetGroup | None] = mapped_column(
        str_enum(TargetGroup, "outcome_target_group"))
    period_start: Mapped[int | None] = mapped_column(doc="First year the figure covers")
    period_end: Mapped[int | None] = mapped_column(doc="Last year the figure covers")
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    is_example: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="outcomes")

    __table_args__ = (
        sa.CheckConstraint("count >= 0", name="count_not_negative"),
        sa.CheckConstraint("months IS NULL OR months > 0", name="months_positive"),
    )


class InternshipPlacement(db.Model):
    """Interns that a project placed with a host business in one year.

    A record of the project, shown on the host's directory page by the internships area;
    ``Organization.placements`` is the backref it adds (the directory does not use it).
    """

    __tablename__ = "internship_placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    project_id: Mapped[int] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int]
    interns: Mapped[int] = mapped_column(default=1)
    months: Mapped[int | None]
    notes: Mapped[str] = mapped_column(sa.String(500), default="")
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization] = relationship(backref=backref(
        "placements", order_by="(InternshipPlacement.year.desc(), InternshipPlacement.id)"))
    project: Mapped[Project] = relationship(back_populates="placements")

    __table_args__ = (
        sa.CheckConstraint("interns >= 1", name="interns_positive"),
        sa.CheckConstraint("months IS NULL OR months > 0", name="months_positive"),
    )
