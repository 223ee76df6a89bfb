"""The filtered lists of the directory: organisations, people and internship hosts.

Each list is one paginated query plus a fixed number of eager loads, whatever the number of
rows: the filters come from the query string, so every filtered view is a plain link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.datastructures import MultiDict

from tavolo.directory.models import (
    InternshipHost,
    InternshipPlacement,
    Organization,
    OrganizationArea,
    OrganizationKind,
    Person,
    Ring,
    WorkArea,
)
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.visibility import visible_levels

PER_PAGE = 50


def _text(args: MultiDict, name: str, limit: int = 100) -> str:
    return (args.get(name) or "").strip()[:limit]


def _choice(args: MultiDict, name: str, allowed) -> str:
    value = _text(args, name)
    return value if value in {str(getattr(a, "value", a)) for a in allowed} else ""


def _int(args: MultiDict, name: str) -> int | None:
    value = _text(args, name)
    return int(value) if value.isdigit() and len(value) < 10 else None


def _contains(column, text: str):
    return sa.func.lower(column).contains(text.lower(), autoescape=True)


@dataclass
class OrganizationFilters:
    q: str = ""
    ring: str = ""
    kind: str = ""
    area: str = ""
    active: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> OrganizationFilters:
        return cls(q=_text(args, "q"), ring=_choice(args, "ring", Ring),
                   kind=_choice(args, "kind", OrganizationKind),
                   area=_choice(args, "area", WorkArea),
                   active=_choice(args, "active", ("active", "former")))

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}


def organizations_query(filters: OrganizationFilters) -> sa.Select:
    query = sa.select(Organization).order_by(sa.func.lower(Organization.name), Organization.id)
    if filters.q:
        query = query.where(sa.or_(*(_contains(column, filters.q) for column in (
            Organization.name, Organization.short_name, Organization.address,
            Organization.description, Organization.email))))
    if filters.ring:
        query = query.where(Organization.ring == filters.ring)
    if filters.kind:
        query = query.where(Organization.kind == filters.kind)
    if filters.area:
        query = query.where(sa.exists().where(
            OrganizationArea.organization_id == Organization.id,
            OrganizationArea.area == filters.area))
    this_year = dt.date.today().year
    if filters.active == "active":
        query = query.where(sa.or_(Organization.active_until.is_(None),
                                   Organization.active_until >= this_year))
    elif filters.active == "former":
        query = query.where(Organization.active_until < this_year)
    return query.options(selectinload(Organization.area_rows), selectinload(Organization.host))


def people_counts(organization_ids: list[int]) -> dict[int, int]:
    """Number of people per organisation, for one page of the list, in one query."""
    if not organization_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Person.organization_id, sa.func.count())
        .where(Person.organization_id.in_(organization_ids))
        .group_by(Person.organization_id)).all())


@dataclass
class PeopleFilters:
    q: str = ""
    organization: int | None = None
    login: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> PeopleFilters:
        return cls(q=_text(args, "q"), organization=_int(args, "organization"),
                   login=_choice(args, "login", ("yes", "no")))

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}


def people_query(filters: PeopleFilters) -> sa.Select:
    query = (sa.select(Person).outerjoin(Person.organization)
             .order_by(sa.func.lower(Person.name), Person.id)
             .options(joinedload(Person.organization), joinedload(Person.user)))
    if filters.q:
        query = query.where(sa.or_(*(_contains(column, filters.q) for column in (
            Person.name, Person.role, Person.email, Organization.name,
            Organization.short_name))))
    if filters.organization:
        query = query.where(Person.organization_id == filters.organization)
    if filters.login == "yes":
        query = query.where(Person.user_id.is_not(None))
    elif filters.login == "no":
        query = query.where(Person.user_id.is_(None))
    return query


def organization_choices() -> list[tuple[int, str]]:
    """(id, name) of every organisation, for selects and filters: one query."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Organization.id, Organization.name).order_by(sa.func.lower(Organization.name)))]


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
        contacted = _int(args, "contacted")
        return cls(q=_text(args, "q"), sector=_text(args, "sector", 120),
                   free=_choice(args, "free", ("1",)),
                   disability=_choice(args, "disability", ("1",)),
                   contacted=contacted if contacted in CONTACT_WINDOWS else None,
                   project=_int(args, "project"),
                   sort=_choice(args, "sort", HOST_SORTS) or "name")

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v and not (k == "sort" and v == "name")}


def hosts_query(filters: HostFilters, user) -> sa.Select:
    """Organisations with an internship-host profile, filtered for finding a host."""
    query = sa.select(Organization).join(Organization.host)
    if filters.q:
        query = query.where(sa.or_(*(_contains(column, filters.q) for column in (
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
