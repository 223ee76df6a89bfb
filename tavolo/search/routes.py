"""The search page: the full page, or with htmx only the results (live as one types)."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from tavolo import htmx
from tavolo.search import bp, sources
from tavolo.search.forms import read_filters
from tavolo.search.services.query import search


@bp.route("/")
def index():
    known = sources.by_key()
    filters = read_filters(request.args, known)
    results = search(current_user, filters)
    return htmx.render("search/index.html", "search/_results.html", results=results,
                       filters=filters, source_labels={k: s.label for k, s in known.items()},
                       live_update=htmx.wants_fragment())
