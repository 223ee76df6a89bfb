"""Reading seminars for pages, feeds and other areas' pages, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.seminars.models import (
    Seminar,
    Speaker,
    Topic,
    seminar_organizations,
    seminar_projects,
    seminar_topics,
)
from tavolo.types import ROME

PER_PAGE = 20
MAX_QUERY = 200


@dataclass(frozen=True)
class ArchiveFilters:
    q: str = ""
    year: int | None = None
    topic_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(self.q or self.year or self.topic_id)

    def args(self) -> dict:
        return {k: v for k, v in (("q", self.q), ("year", self.year),
                                  ("topic", self.topic_id)) if v}


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=ROME).astimezone(dt.UTC)
    return start, dt.datetime(year + 1, 1, 1, tzinfo=ROME).astimezone(dt.UTC)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def archive_query(user, filters: ArchiveFilters):
    """Visible seminars matching the filters, newest first, with what the list shows."""
    statement = (sa.select(Seminar).where(Seminar.visible_to(user))
                 .options(selectinload(Seminar.topics),
                          selectinload(Seminar.speakers).joinedload(Speaker.person)
                          .joinedload(Person.organization))
                 .order_by(Seminar.starts_at.desc(), Seminar.id.desc()))
    if filters.year:
        start, end = _year_bounds(filters.year)
        statement = statement.where(Seminar.starts_at >= start, Seminar.starts_at < end)
    if filters.topic_id:
        statement = statement.where(Seminar.id.in_(
            sa.select(seminar_topics.c.seminar_id)
            .where(seminar_topics.c.topic_id == filters.topic_id)))
    if filters.q:
        # Plain substring filter over title, abstract and speakers; the search area offers
        # stemmed full-text search across the whole site.
        pattern = f"%{_escape_like(filters.q[:MAX_QUERY].lower())}%"
        speakers = sa.select(Speaker.seminar_id).outerjoin(Person, Speaker.person_id == Person.id) \
            .where(sa.or_(sa.func.lower(Speaker.name).like(pattern, escape="\\"),
                          sa.func.lower(Speaker.affiliation).like(pattern, escape="\\"),
                          sa.func.lower(Person.name).like(pattern, escape="\\")))
        statement = statement.where(sa.or_(
            sa.func.lower(Seminar.title).like(pattern, escape="\\"),
            sa.func.lower(Seminar.abstract).like(pattern, escape="\\"),
            Seminar.id.in_(speakers)))
    return statement


def archive_years(user) -> list[int]:
    """Years with at least one visible seminar (local time), newest first: one query."""
    starts = db.session.scalars(sa.select(Seminar.starts_at).where(Seminar.visible_to(user)))
    return sorted({s.astimezone(ROME).year for s in starts}, reverse=True)


def all_topics() -> list[Topic]:
    return list(db.session.scalars(sa.select(Topic).order_by(Topic.position, Topic.name)))


def seminar_for_page(seminar_id: int) -> Seminar | None:
    """A seminar with everything its page shows, loaded in a fixed number of queries."""
    return db.session.scalar(
        sa.select(Seminar).where(Seminar.id == seminar_id)
        .options(selectinload(Seminar.topics), selectinload(Seminar.projects),
                 selectinload(Seminar.organizations),
                 selectinload(Seminar.speakers).joinedload(Speaker.person)
                 .joinedload(Person.organization),
                 joinedload(Seminar.created_by)))


def upcoming(user, now: dt.datetime, limit: int = 3) -> list[Seminar]:
    return list(db.session.scalars(
        sa.select(Seminar).where(Seminar.visible_to(user), Seminar.ends_at > now)
        .order_by(Seminar.starts_at, Seminar.id).limit(limit)))


# -- other areas' pages ------------------------------------------------------------------------

def _linked(table, column, ids: list[int], user) -> dict[int, list[Seminar]]:
    rows = db.session.execute(
        sa.select(column, Seminar).join(table, table.c.seminar_id == Seminar.id)
        .where(column.in_(ids), Seminar.visible_to(user))
        .order_by(Seminar.starts_at.desc()))
    result: dict[int, list[Seminar]] = defaultdict(list)
    for owner_id, seminar in rows:
        result[owner_id].append(seminar)
    return result


def seminars_for_projects(projects, user) -> dict[int, list[Seminar]]:
    """Link provider of project pages: one query whatever the number of projects."""
    return _linked(seminar_projects, seminar_projects.c.project_id,
                   [p.id for p in projects], user)


def seminars_for_organizations(organizations, user) -> dict[int, list[Seminar]]:
    """Link provider of organisation pages: the seminars it organised."""
    return _linked(seminar_organizations, seminar_organizations.c.organization_id,
                   [o.id for o in organizations], user)
