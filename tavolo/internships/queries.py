"""The list of internship hosts, filtered for finding a host for a new internship.

One paginated query plus a fixed number of eager loads, whatever the number of rows; the
filters come from the query string, so every filtered view is a plain link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import MultiDict

from tavolo.directory.models import InternshipHost, Organization
from tavolo.extensions import db
from tavolo.filters import choice_arg, contains, int_arg, text_arg
from tavolo.projects.models import InternshipPlacement, Project
from tavolo.visibility import visible_levels

HOST_SORTS = ("name", "places", "contact")
CONTACT_WINDOWS = (6, 12, 24)


@dataclass
class HostFilters:
    q: str = ""
    sector: str = ""
    free: str = ""
    disability: str = ""
    contacted: int | None = None
    project: int | None = None
    sort: str = "name"

    @classmethod
    def from_args(cls, args: MultiDict) -> HostFilters:
        contacted = int_arg(args, "contacted")
        return cls(q=text_arg(args, "q"), sector=text_arg(args, "sector", 120),
                   free=choice_arg(args, "free", ("1",)),
                   disability=choice_arg(args, "disability", ("1",)),
                   contacted=contacted if contacted in CONTACT_WINDOWS else None,
                   project=int_arg(args, "project"),
                   sort=choice_arg(args, "sort", HOST_SORTS) or "name")

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v and not (k == "sort" and v == "name")}


def hosts_query(filters: HostFilters, user) -> sa.Select:
    """Organisations with an internship-host profile, filtered for finding a host."""
    query = sa.select(Organization).join(Organization.host)
    if filters.q:
        query = query.where(sa.or_(*(contains(column, filters.q) for column in (
            Organization.name, Organization.short_name, Organization.address,
            InternshipHost.sector, InternshipHost.conditions))))
    if filters.sector:
        query = query.where(sa.func.lower(InternshipHost.sector) == filters.sector.lower())
    if filters.free:
        query = query.where(InternshipHost.places > 0)
    if filters.disability:
        query = query.where(InternshipHost.accepts_disability.is_(True))
    if filters.contacted:
        since = dt.date.today() - dt.timedelta(days=round(filters.contacted * 30.44))
        query = query.where(InternshipHost.last_contact_on >= since)
    if filters.project:
        query = query.where(sa.exists().where(
            InternshipPlacement.organization_id == Organization.id,
            InternshipPlacement.project_id == filters.project,
            InternshipPlacement.project_id.in_(
                sa.select(Project.id).where(Project.visibility.in_(visible_levels(user))))))
    if filters.sort == "places":
        query = query.order_by(InternshipHost.places.desc())
    elif filters.sort == "contact":
        query = query.order_by(InternshipHost.last_contact_on.desc().nulls_last())
    query = query.order_by(sa.func.lower(Organization.name), Organization.id)
    return query.options(
        sa.orm.contains_eager(Organization.host),
        selectinload(Organization.placements).joinedload(InternshipPlacement.project))


def host_sectors() -> list[str]:
    return list(db.session.scalars(
        sa.select(InternshipHost.sector).where(InternshipHost.sector != "")
        .group_by(InternshipHost.sector).order_by(InternshipHost.sector)))


def host_projects(user) -> list[tuple[int, str]]:
    """Projects (visible to ``user``) that placed interns with some host: one query."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Project.id, Project.title).where(
            Project.visibility.in_(visible_levels(user)),
            sa.exists().where(InternshipPlacement.project_id == Project.id))
        .order_by(Project.title))]
