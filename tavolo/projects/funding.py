"""Funding figures: per deliberation period, per organisation, per target group, per project.

A period is the one the deliberation states (``2004/2005``, ``2013``), never a calendar year
recomputed from dates, so the figures match the documents to the cent. A sum is ``None``
when no deliberation of the group states that amount ("not stated" is not "zero").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, Project, ProjectTargetGroup, TargetGroup
from tavolo.visibility import visible_levels


@dataclass
class FundingRow:
    key: object
    label: str
    deliberations: int = 0
    contribution_cents: int | None = None
    total_spend_cents: int | None = None
    spend_is_estimate: bool = False
    projects: int = 0


def _add(total: int | None, value: int | None) -> int | None:
    if value is None:
        return total
    return value if total is None else total + value


def per_period_of(deliberations: Iterable[Deliberation]) -> list[FundingRow]:
    """Group already-loaded deliberations (one project's) by period, in time order."""
    rows: dict[tuple[int, str], FundingRow] = {}
    for d in deliberations:
        row = rows.setdefault((d.year, d.period), FundingRow((d.year, d.period), d.period))
        row.deliberations += 1
        row.contribution_cents = _add(row.contribution_cents, d.contribution_cents)
        row.total_spend_cents = _add(row.total_spend_cents, d.total_spend_cents)
        row.spend_is_estimate |= bool(d.spend_is_estimate and d.total_spend_cents is not None)
    return [rows[key] for key in sorted(rows)]


def total_of(rows: list[FundingRow]) -> FundingRow:
    total = FundingRow("total", "")
    for row in rows:
        total.deliberations += row.deliberations
        total.contribution_cents = _add(total.contribution_cents, row.contribution_cents)
        total.total_spend_cents = _add(total.total_spend_cents, row.total_spend_cents)
        total.spend_is_estimate |= row.spend_is_estimate
    return total


def _int(value) -> int | None:
    return None if value is None else int(value)


def _sums():
    return (sa.func.count(Deliberation.id).label("n"),
            sa.func.sum(Deliberation.contribution_cents).label("contribution"),
            sa.func.sum(Deliberation.total_spend_cents).label("spend"),
            sa.func.max(sa.case((sa.and_(Deliberation.spend_is_estimate.is_(True),
                                         Deliberation.total_spend_cents.is_not(None)), 1),
                                else_=0)).label("estimate"))


TOP_PROJECTS = 25


@dataclass
class FundingOverview:
    periods: list[FundingRow]
    organizations: list[FundingRow]
    target_groups: list[FundingRow]
    projects: list[FundingRow]
    funded_projects: int
    total: FundingRow
    years: list[int]


def _base(user, first: int | None, last: int | None) -> sa.Select:
    query = sa.select().select_from(Deliberation).join(
        Project, Deliberation.project_id == Project.id).where(
        Project.visibility.in_(visible_levels(user)))
    if first is not None:
        query = query.where(Deliberation.year >= first)
    if last is not None:
        query = query.where(Deliberation.year <= last)
    return query


def overview(user, first: int | None = None, last: int | None = None) -> FundingOverview:
    """Every table of the funding page for the deliberations ``user`` may see (5 queries)."""
    base = _base(user, first, last)
    periods = [FundingRow((year, period), period, n, _int(c), _int(s), bool(e))
               for year, period, n, c, s, e in db.session.execute(
                   base.add_columns(Deliberation.year, Deliberation.period, *_sums())
                   .group_by(Deliberation.year, Deliberation.period)
                   .order_by(Deliberation.year, Deliberation.period))]
    org_id = sa.func.coalesce(Deliberation.beneficiary_id, Project.lead_organization_id)
    by_org = base.add_columns(org_id.label("org_id"), *_sums(),
                              sa.func.count(sa.distinct(Project.id)).label("projects")
                              ).group_by(org_id).subquery()
    organizations = [FundingRow(oid, name or "", n, _int(c), _int(s), bool(e), p)
                     for oid, name, n, c, s, e, p in db.session.execute(
                         sa.select(by_org.c.org_id, Organization.name, by_org.c.n,
                                   by_org.c.contribution, by_org.c.spend, by_org.c.estimate,
                                   by_org.c.projects)
                         .outerjoin(Organization, Organization.id == by_org.c.org_id)
                         .order_by(sa.func.coalesce(by_org.c.contribution, 0).desc(),
                                   Organization.name))]
    groups = [FundingRow(TargetGroup(g), TargetGroup(g).label, n, _int(c), _int(s), bool(e), p)
              for g, n, c, s, e, p in db.session.execute(
                  base.join(ProjectTargetGroup, ProjectTargetGroup.project_id == Project.id)
                  .add_columns(ProjectTargetGroup.group, *_sums(),
                               sa.func.count(sa.distinct(Project.id)))
                  .group_by(ProjectTargetGroup.group))]
    groups.sort(key=lambda row: list(TargetGroup).index(row.key))
    # The projects that received most; the project list has the figures of every project.
    # ``count(*) over ()`` runs after the grouping: the number of funded projects in all.
    rows = db.session.execute(
        base.add_columns(Project.id, Project.title, *_sums(), sa.func.count().over())
        .group_by(Project.id, Project.title)
        .order_by(sa.func.coalesce(sa.func.sum(Deliberation.contribution_cents), 0).desc(),
                  Project.title).limit(TOP_PROJECTS)).all()
    projects = [FundingRow(pid, title, n, _int(c), _int(s), bool(e), 1)
                for pid, title, n, c, s, e, _funded in rows]
    years = [y for (y,) in db.session.execute(
        _base(user, None, None).add_columns(Deliberation.year).distinct()
        .order_by(Deliberation.year))]
    funded = rows[0][-1] if rows else 0
    return FundingOverview(periods, organizations, groups, projects, funded, total_of(periods),
                           years)
