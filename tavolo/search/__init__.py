"""Search (capability 8 of DESIGN.md): one box in the header over everything the network
writes, with Italian stemming and accent folding, on SQLite (FTS5) and PostgreSQL.

- ``sources``: the registry — each area says what of it is searchable (``register``);
- ``models``: the index table, ``search_entries``;
- ``services.index``: keeps the index in step with every change, in the same transaction,
  and rebuilds it (``flask --app tavolo search reindex``);
- ``services.query``: what a reader may find (results, snippets, facets);
- ``services.engines``: SQLite FTS5 and PostgreSQL full text behind one interface;
- ``services.text``: folding, stems, query parsing and safe snippets;
- ``services.extract``: the text of PDF, OpenDocument and Office files, for documents.

The blueprint gets its URL prefix at registration (``/search``).
"""

from __future__ import annotations

from flask import Blueprint, Flask

from tavolo.search.sources import SearchDocument, SearchSource, register

__all__ = ["SearchDocument", "SearchSource", "bp", "init_app", "register"]

bp = Blueprint("search", __name__)


def init_app(app: Flask) -> None:
    """Listen to the session (index maintenance) and add ``flask search ...``."""
    from tavolo.search.cli import search_command
    from tavolo.search.services import index

    index.install()
    app.cli.add_command(search_command)

