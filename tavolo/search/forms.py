"""The search form: plain GET parameters, read leniently (a wrong filter is ignored)."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tavolo.search.services.query import SearchFilters


def _number(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 9:
        return None
    return int(value)


def read_filters(args: MultiDict, known_sources) -> SearchFilters:
    """Filters from the query string; unknown types and non-numbers count as "no filter"."""
    source = args.get("type") or None
    return SearchFilters(
        text=(args.get("q") or "")[:10_000],
        source=source if source in known_sources else None,
        year=_number(args.get("year")),
        project_id=_number(args.get("project")),
        page=_number(args.get("page")) or 1,
    )
