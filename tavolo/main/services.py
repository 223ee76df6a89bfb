"""Figures for the home page, filtered by what the reader may see."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tavolo.directory.models import Organization, Ring
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, Objective, Project
from tavolo.reports.models import Milestone
from tavolo.visibility import visible_levels


@dataclass
class NetworkSummary:
    core_organizations: int
    extended_organizations: int
    projects: int
    first_year: int | None
    last_year: int | None
    contribution_cents: int
    total_spend_cents: int
    objectives: list[Objective]
    milestones: list[Milestone]


def network_summary(user) -> NetworkSummary:
    """Organisation counts, visible projects and their funding, objectives and milestones.

    Five queries whatever the size of the network.
    """
    rings = dict(db.session.execute(
        sa.select(Organization.ring, sa.func.count()).group_by(Organization.ring)).all())
    visible = Project.visibility.in_(visible_levels(user))
    projects, first_year = db.session.execute(
        sa.select(sa.func.count(Project.id), sa.func.min(Project.start_year)).where(visible)
    ).one()
    contribution, spend, last_year = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(Deliberation.contribution_cents), 0),
                  sa.func.coalesce(sa.func.sum(Deliberation.total_spend_cents), 0),
                  sa.func.max(Deliberation.year))
        .join(Project, Deliberation.project_id == Project.id).where(visible)
    ).one()
    objectives = list(db.session.scalars(sa.select(Objective).order_by(Objective.position)))
    milestones = list(db.session.scalars(sa.select(Milestone).order_by(Milestone.year)))
    return NetworkSummary(
        core_organizations=rings.get(Ring.CORE, 0),
        extended_organizations=rings.get(Ring.EXTENDED, 0),
        projects=projects,
        first_year=first_year,
        last_year=last_year,
        contribution_cents=int(contribution),
        total_spend_cents=int(spend),
        objectives=objectives,
        milestones=milestones,
    )
