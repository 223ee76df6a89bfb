"""What can be searched: every area registers a *source* when the app starts.

The search package knows nothing of meetings or seminars. A source says which model's rows
become search entries, how to turn a batch of them into :class:`SearchDocument` objects
(text, link data, visibility), which other models' changes must refresh them, and how to
link to a result. The index then follows every create, edit and delete of those models in
the same transaction (``services.index``), and ``flask --app tavolo search reindex``
rebuilds it from the sources.

A new area plugs in with one call, e.g. seminars (``tavolo/seminars/search.py``)::

    from flask import url_for
    from flask_babel import lazy_gettext as _l
    from tavolo import search
    from tavolo.seminars.models import Seminar

    def _documents(ids):
        seminars = db.session.scalars(sa.select(Seminar).where(Seminar.id.in_(ids)))
        return [search.SearchDocument(
            object_id=s.id, title=s.title, body=s.abstract, visibility=s.visibility,
            year=s.starts_at.astimezone(ROME).year, happened_at=s.starts_at,
            context=s.place) for s in seminars]

    def register(app):
        search.register(app, search.SearchSource(
            key="seminar", label=_l("Seminari"), model=Seminar, load=_documents,
            url=lambda entry: url_for("seminars.detail", seminar_id=entry.object_id),
            order=40))

A document attached to a meeting adds ``follows={Meeting: lambda meeting_ids:
sa.select(Document.id).where(Document.meeting_id.in_(meeting_ids))}``, so that a meeting
becoming public (or being deleted) refreshes its documents' entries.
``load`` must return documents only for the ids that still exist and should be indexed;
the others are removed from the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from flask import Flask

from tavolo.registry import Registry
from tavolo.visibility import Visibility


@dataclass(frozen=True)
class SearchDocument:
    """What the index keeps of one object.

    ``visibility`` is the level a reader needs (``owner_id`` sees it anyway); ``parent_id``
    is whatever the source's ``url`` needs besides ``object_id`` (the meeting of an agenda
    item); ``project_id`` and ``year`` feed the filters; ``context`` is a short line shown
    under the title (e.g. the meeting and its date); ``body`` is searched and quoted in
    snippets.
    """

    object_id: int
    title: str
    visibility: Visibility
    body: str = ""
    context: str = ""
    parent_id: int | None = None
    owner_id: int | None = None
    project_id: int | None = None
    year: int | None = None
    happened_at: dt.datetime | None = None


# A follow rule: given the ids of changed or deleted rows of another model, the SQL select of
# the ids of this source's objects to refresh (run before the flush, while children exist).
FollowRule = Callable[[Sequence[int]], object]


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable object.

    ``key`` is stored in the index and used as the type filter; ``label`` names the group
    of results; ``model`` is the mapped class whose rows become entries (its primary key is
    the entry's ``object_id``); ``load(ids)`` returns the documents of the rows among
    ``ids`` that should be found; ``url(entry)`` links to a result; ``follows`` maps other
    models to a :data:`FollowRule`; ``fields`` (optional, per followed model) limits the
    refresh to changes of those attributes. ``all_ids()`` (default: every row of ``model``)
    is what a rebuild indexes.
    """

    key: str
    label: object
    model: type
    load: Callable[[Sequence[int]], Iterable[SearchDocument]]
    url: Callable[[object], str]
    follows: dict[type, FollowRule] = field(default_factory=dict)
    fields: dict[type, tuple[str, ...]] = field(default_factory=dict)
    all_ids: Callable[[], object] | None = None
    order: int = 50


SOURCES: Registry[SearchSource] = Registry("search_sources")


def register(app: Flask, source: SearchSource) -> None:
    """Make ``source`` searchable in ``app`` (call it once, when the app starts)."""
    SOURCES.add(app, source)


def registered(app: Flask | None = None) -> list[SearchSource]:
    return SOURCES.entries(app)


def by_key(app: Flask | None = None) -> dict[str, SearchSource]:
    return {source.key: source for source in registered(app)}
