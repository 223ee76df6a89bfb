"""The filtered project list and its totals, always limited to what the reader may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.filters import int_arg, text_arg
from tavolo.projects.models import (
    Deliberation,
    Project,
    ProjectStatus,
    ProjectTargetGroup,
    TargetGroup,
    project_partners,
)
from tavolo.visibility import visible_levels

PER_PAGE = 50






@dataclass
class ProjectFilters:
    q: str = ""
    year: int | None = None
    status: str = ""
    organization: int | None = None
    target: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> ProjectFilters:
        status = text_arg(args, "status")
        target = text_arg(args, "target")
        year = int_arg(args, "year")
        return cls(q=text_arg(args, "q"), year=year if year and 1900 <= year <= 2100 else None,
                   status=status if status in {s.value for s in ProjectStatus} else "",
                   organization=int_arg(args, "organization"),
                   target=target if target in {t.value for t in TargetGroup} else "")

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}


def visible_projects(user) -> sa.Select:
    """Ids of the projects ``user`` may see, as a subquery for ``IN``."""
    return sa.select(Project.id).where(Project.visibility.in_(visible_levels(user)))


def _where(query: sa.Select, filters: ProjectFilters, user) -> sa.Select:
    query = query.where(Project.visibility.in_(visible_levels(user)))
    if filters.q:
        text = filters.q.lower()
        query = query.where(sa.or_(*(sa.func.lower(column).contains(text, autoescape=True)
                                     for column in (Project.title, Project.code,
                                                    Project.summary))))
    if filters.year:
        query = query.where(Project.start_year <= filters.year, sa.or_(
            Project.end_year.is_(None), Project.end_year >= filters.year))
    if filters.status:
        query = query.where(Project.status == filters.status)
    if filters.organization:
        query = query.where(sa.or_(
            Project.lead_organization_id == filters.organization,
            sa.exists().where(project_partners.c.project_id == Project.id,
                              project_partners.c.organization_id == filters.organization)))
    if filters.target:
        query = query.where(sa.exists().where(ProjectTargetGroup.project_id == Project.id,
                                              ProjectTargetGroup.group == filters.target))
    return query


def projects_query(filters: ProjectFilters, user) -> sa.Select:
    return (_where(sa.select(Project), filters, user)
            .order_by(Project.start_year.desc(), Project.title, Project.id)
            .options(joinedload(Project.lead_organization), selectinload(Project.target_rows)))


@dataclass
class Totals:
    projects: int = 0
    contribution_cents: int = 0
    total_spend_cents: int = 0


def funding_by_project(project_ids: list[int]) -> dict[int, tuple[int | None, int | None]]:
    """(contribution, total spend) per project, ``None`` where no deliberation states it."""
    if not project_ids:
        return {}
    rows = db.session.execute(
        sa.select(Deliberation.project_id, sa.func.sum(Deliberation.contribution_cents),
                  sa.func.sum(Deliberation.total_spend_cents))
        .where(Deliberation.project_id.in_(project_ids)).group_by(Deliberation.project_id))
    return {pid: (_int_or_none(c), _int_or_none(s)) for pid, c, s in rows}


def _int_or_none(value) -> int | None:
    return None if value is None else int(value)


def totals(filters: ProjectFilters, user) -> Totals:
    """Number of projects and their funding for the whole filtered set (two queries)."""
    ids = _where(sa.select(Project.id), filters, user)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(ids.subquery()))
    contribution, spend = db.session.execute(
        sa.select(sa.func.coalesce(sa.func.sum(Deliberation.contribution_cents), 0),
                  sa.func.coalesce(sa.func.sum(Deliberation.total_spend_cents), 0))
        .where(Deliberation.project_id.in_(ids))).one()
    return Totals(count, int(contribution), int(spend))


def year_choices(user) -> list[int]:
    """Every year some visible project covers, newest first (one query)."""
    first, last, last_start = db.session.execute(
        sa.select(sa.func.min(Project.start_year), sa.func.max(Project.end_year),
                  sa.func.max(Project.start_year))
        .where(Project.visibility.in_(visible_levels(user)))).one()
    if first is None:
        return []
    open_ended = db.session.scalar(sa.select(sa.func.count()).where(
        Project.end_year.is_(None), Project.visibility.in_(visible_levels(user))))
    end = max(last or first, last_start or first)
    if open_ended:
        end = max(end, dt.date.today().year)
    return list(range(end, first - 1, -1))


def organization_choices(user) -> list[tuple[int, str]]:
    """Organisations leading or joining a project the reader may see (one query)."""
    visible = visible_projects(user)
    leads = sa.select(Project.lead_organization_id).where(Project.id.in_(visible))
    joins = sa.select(project_partners.c.organization_id).where(
        project_partners.c.project_id.in_(visible))
    return [tuple(row) for row in db.session.execute(
        sa.select(Organization.id, Organization.name)
        .where(sa.or_(Organization.id.in_(leads), Organization.id.in_(joins)))
        .order_by(sa.func.lower(Organization.name)))]
