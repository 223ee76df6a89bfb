"""The filtered lists of the directory: organisations and people.

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
    Organization,
    OrganizationArea,
    OrganizationKind,
    Person,
    Ring,
    WorkArea,
)
from tavolo.extensions import db
from tavolo.filters import choice_arg, contains, int_arg, text_arg

PER_PAGE = 50










@dataclass
class OrganizationFilters:
    q: str = ""
    ring: str = ""
    kind: str = ""
    area: str = ""
    active: str = ""

    @classmethod
    def from_args(cls, args: MultiDict) -> OrganizationFilters:
        return cls(q=text_arg(args, "q"), ring=choice_arg(args, "ring", Ring),
                   kind=choice_arg(args, "kind", OrganizationKind),
                   area=choice_arg(args, "area", WorkArea),
                   active=choice_arg(args, "active", ("active", "former")))

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}


def organizations_query(filters: OrganizationFilters) -> sa.Select:
    query = sa.select(Organization).order_by(sa.func.lower(Organization.name), Organization.id)
    if filters.q:
        query = query.where(sa.or_(*(contains(column, filters.q) for column in (
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
        return cls(q=text_arg(args, "q"), organization=int_arg(args, "organization"),
                   login=choice_arg(args, "login", ("yes", "no")))

    def as_args(self) -> dict:
        return {k: v for k, v in vars(self).items() if v}


def people_query(filters: PeopleFilters) -> sa.Select:
    query = (sa.select(Person).outerjoin(Person.organization)
             .order_by(sa.func.lower(Person.name), Person.id)
             .options(joinedload(Person.organization), joinedload(Person.user)))
    if filters.q:
        query = query.where(sa.or_(*(contains(column, filters.q) for column in (
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
