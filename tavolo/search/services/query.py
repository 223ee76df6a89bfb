"""Searching: what a reader may find, grouped by type, with facets and snippets.

Every statement filters the entries by the reader's clearance first, so results, snippets,
counts and facets (types, years, projects) are all made of entries the reader may see: a
word found only in draft minutes gives a partner no result and no count. A page costs two
statements whatever the data: one for the facets, one for the results shown.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from markupsafe import Markup

from tavolo.extensions import db
from tavolo.search import sources as registry
from tavolo.search.services.engines import engine_for, entries
from tavolo.search.services.text import ParsedQuery, highlight_title, parse_query, snippet
from tavolo.visibility import visible_levels

PER_GROUP = 5  # results per type on the overview
PER_PAGE = 20  # results per page of one type


@dataclass
class SearchFilters:
    text: str = ""
    source: str | None = None
    year: int | None = None
    project_id: int | None = None
    page: int = 1


@dataclass
class Hit:
    source: str
    object_id: int
    url: str
    title: Markup
    snippet: Markup
    context: str
    year: int | None


@dataclass
class Group:
    key: str
    label: object
    count: int
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResults:
    query: ParsedQuery
    filters: SearchFilters
    groups: list[Group] = field(default_factory=list)
    type_counts: list[tuple[str, object, int]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)
    projects: list[tuple[int, str, int]] = field(default_factory=list)
    total: int = 0
    pages: int = 1

    @property
    def searched(self) -> bool:
        return bool(self.query)

    @property
    def page(self) -> Page:
        return Page(self.filters.page, self.pages)


@dataclass(frozen=True)
class Page:
    """The little the shared ``pagination`` macro needs."""

    page: int
    pages: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=1, right_edge=1, left_current=2, right_current=2):
        previous = 0
        for number in range(1, self.pages + 1):
            if (number <= left_edge or number > self.pages - right_edge
                    or self.page - left_current <= number <= self.page + right_current):
                if previous and number - previous > 1:
                    yield None
                yield number
                previous = number


def _readable(user):
    """SQL condition: entries ``user`` may see."""
    condition = entries.c.visibility.in_(visible_levels(user))
    if getattr(user, "is_authenticated", False):
        condition = sa.or_(condition, entries.c.owner_id == user.id)
    return condition


def search(user, filters: SearchFilters) -> SearchResults:
    query = parse_query(filters.text)
    results = SearchResults(query=query, filters=filters)
    sources = registry.by_key()
    if not query:
        return results
    engine = engine_for(db.session)
    # The full-text match runs once per statement, before any join (a materialised CTE):
    # otherwise SQLite may walk the entries and probe the FTS table row by row.
    found = engine.hits(query, scored=False).cte("hits").prefix_with("MATERIALIZED")
    readable = _readable(user)

    # 1. Facets: counts by (type, year, project) of what this reader may see, with the titles
    #    of the projects the reader may see (others give no filter option).
    project = entries.alias("project_entry")
    facet_rows = db.session.execute(
        sa.select(entries.c.source, entries.c.year, entries.c.project_id, project.c.title,
                  sa.func.count())
        .select_from(found.join(entries, entries.c.id == found.c.id).outerjoin(project, sa.and_(
            project.c.source == "project", project.c.object_id == entries.c.project_id,
            project.c.visibility.in_(visible_levels(user)))))
        .where(readable)
        .group_by(entries.c.source, entries.c.year, entries.c.project_id, project.c.title)
    ).all()

    by_type: Counter = Counter()
    by_year: Counter = Counter()
    by_project: Counter = Counter()
    project_titles: dict[int, str] = {}
    for source, year, project_id, project_title, count in facet_rows:
        if source not in sources:  # left by a source no longer registered
            continue
        in_year = filters.year is None or year == filters.year
        in_project = filters.project_id is None or project_id == filters.project_id
        in_type = filters.source is None or source == filters.source
        if in_year and in_project:
            by_type[source] += count
        if in_type and in_project and year is not None:
            by_year[year] += count
        if in_type and in_year and project_id is not None and project_title is not None:
            by_project[project_id] += count
            project_titles[project_id] = project_title
    results.type_counts = [(s.key, s.label, by_type[s.key]) for s in sources.values()
                           if by_type[s.key]]
    results.years = sorted(by_year.items(), reverse=True)
    results.projects = sorted(((pid, project_titles[pid], n) for pid, n in by_project.items()),
                              key=lambda row: row[1].casefold())
    wanted = [filters.source] if filters.source in sources else list(by_type)
    results.total = sum(by_type[key] for key in wanted)
    if not results.total:
        return results

    # 2. The results shown: one page of one type, or the best few of every type.
    hits = engine.hits(query).cte("hits").prefix_with("MATERIALIZED")
    joined = hits.join(entries, entries.c.id == hits.c.id)
    score = hits.c.score
    conditions = [readable]
    if filters.source in sources:
        conditions.append(entries.c.source == filters.source)
    if filters.year is not None:
        conditions.append(entries.c.year == filters.year)
    if filters.project_id is not None:
        conditions.append(entries.c.project_id == filters.project_id)
    columns = [entries.c.source, entries.c.object_id, entries.c.parent_id, entries.c.title,
               entries.c.context, entries.c.body, entries.c.year, score.label("score")]
    if filters.source in sources:
        results.pages = max(1, math.ceil(results.total / PER_PAGE))
        filters.page = min(max(1, filters.page), results.pages)
        rows = db.session.execute(
            sa.select(*columns).select_from(joined).where(*conditions)
            .order_by(score, entries.c.id)
            .limit(PER_PAGE).offset((filters.page - 1) * PER_PAGE)).all()
    else:
        ranked = (sa.select(entries.c.id, score.label("score"), sa.func.row_number().over(
            partition_by=entries.c.source, order_by=(score, entries.c.id)).label("n"))
            .select_from(joined).where(*conditions).subquery())
        rows = db.session.execute(
            sa.select(*columns[:-1], ranked.c.score)
            .join_from(ranked, entries, entries.c.id == ranked.c.id)
            .where(ranked.c.n <= PER_GROUP)
            .order_by(ranked.c.score, ranked.c.n)).all()

    groups: dict[str, Group] = {}
    for row in rows:  # rows come best first: groups appear in the order of their best hit
        source = sources.get(row.source)
        if source is None:
            continue
        group = groups.setdefault(row.source, Group(row.source, source.label, by_type[row.source]))
        group.hits.append(Hit(
            source=row.source, object_id=row.object_id, url=source.url(row),
            title=highlight_title(row.title, query), snippet=snippet(row.body, query),
            context=row.context, year=row.year))
    results.groups = list(groups.values())
    return results
