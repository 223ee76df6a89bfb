"""Keeping the index in step with the data, in the same transaction.

Session events collect what changed:

- ``before_flush``: new, changed and deleted objects of a source's model; for the models a
  source *follows* (a meeting for its agenda items), the ids of the dependent objects, asked
  before the flush so that rows about to be removed by ``ON DELETE CASCADE`` are still found;
- ``do_orm_execute``: ``UPDATE``/``DELETE`` statements on those models (e.g. a meeting's
  status changed by one conditional UPDATE), whose rows are selected with the statement's
  own WHERE clause before it runs.

``before_commit`` then reloads every collected object through its source and rewrites (or
removes) its entry. Nothing is computed from the event data itself, only from the database
state about to be committed, so extra refreshes are harmless and a rollback undoes the
index with everything else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from tavolo.search import sources as registry
from tavolo.search.services.engines import engine_for, entries

_PENDING = "tavolo_search_pending"
_CHUNK = 500


def _plan():
    """``(direct, follows)``: sources by their model and follow rules by followed model."""
    if not has_app_context():
        return {}, {}
    cached = current_app.extensions.get("tavolo_search_plan")
    if cached is None:
        direct: dict[type, list] = defaultdict(list)
        follows: dict[type, list] = defaultdict(list)
        for source in registry.registered():
            direct[source.model].append(source)
            for model, rule in source.follows.items():
                follows[model].append((source, rule, source.fields.get(model)))
        cached = current_app.extensions["tavolo_search_plan"] = (dict(direct), dict(follows))
    return cached


def _pending(session: Session) -> dict[str, set]:
    return session.info.setdefault(_PENDING, defaultdict(set))


def _changed(obj, fields: tuple[str, ...] | None) -> bool:
    if fields is None:
        return True
    state = sa.inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


def _follow(session: Session, follows, objects_by_model: dict[type, list], deleted: bool):
    pending = _pending(session)
    for model, objects in objects_by_model.items():
        for source, rule, fields in follows.get(model, ()):
            ids = [o.id for o in objects
                   if o.id is not None and (deleted or _changed(o, fields))]
            if ids:
                with session.no_autoflush:
                    pending[source.key].update(session.execute(rule(ids)).scalars())


def before_flush(session: Session, _context, _instances) -> None:
    direct, follows = _plan()
    if not direct:
        return
    pending = _pending(session)
    changed: dict[type, list] = defaultdict(list)
    removed: dict[type, list] = defaultdict(list)
    for obj in list(session.new) + list(session.dirty):
        for source in direct.get(type(obj), ()):
            pending[source.key].add(obj)
        if type(obj) in follows and obj in session.dirty and session.is_modified(obj):
            changed[type(obj)].append(obj)
    for obj in list(session.deleted):
        for source in direct.get(type(obj), ()):
            pending[source.key].add(obj.id)
        if type(obj) in follows:
            removed[type(obj)].append(obj)
    _follow(session, follows, changed, deleted=False)
    _follow(session, follows, removed, deleted=True)


def do_orm_execute(state) -> None:
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    direct, follows = _plan()
    model = state.bind_mapper.class_
    if model not in direct and model not in follows:
        return
    key = state.bind_mapper.primary_key[0]
    select = sa.select(key)
    if state.statement.whereclause is not None:
        select = select.where(state.statement.whereclause)
    session = state.session
    with session.no_autoflush:
        ids = list(session.execute(select).scalars())
    if not ids:
        return
    pending = _pending(session)
    for source in direct.get(model, ()):
        pending[source.key].update(ids)
    for source, rule, _fields in follows.get(model, ()):
        with session.no_autoflush:
            pending[source.key].update(session.execute(rule(ids)).scalars())


def before_commit(session: Session) -> None:
    # The commit's own flush comes after this hook: flush first to collect its changes.
    session.flush()
    if not session.info.get(_PENDING):
        return
    sources = registry.by_key()
    for _round in range(10):  # loading may flush and collect more; it settles quickly
        pending = session.info.pop(_PENDING, None)
        if not pending:
            return
        for key, items in pending.items():
            if key in sources:
                ids = {item if isinstance(item, int) else item.id for item in items}
                refresh(session, sources[key], [i for i in ids if i is not None])
        session.flush()


def after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def install() -> None:
    """Listen on every ORM session (once per process)."""
    if sa.event.contains(Session, "before_flush", before_flush):
        return
    sa.event.listen(Session, "before_flush", before_flush)
    sa.event.listen(Session, "do_orm_execute", do_orm_execute)
    sa.event.listen(Session, "before_commit", before_commit)
    sa.event.listen(Session, "after_transaction_end", after_transaction_end)


# -- writing ------------------------------------------------------------------------------

def _upsert(connection, rows: list[dict]) -> dict[int, int]:
    """Insert or update entries; ``{object_id: entry id}``."""
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(entries)
    columns = [c for c in rows[0] if c not in ("source", "object_id")]
    statement = statement.on_conflict_do_update(
        index_elements=["source", "object_id"],
        set_={c: statement.excluded[c] for c in columns},
    ).returning(entries.c.id, entries.c.object_id)
    result: dict[int, int] = {}
    for row in rows:  # one statement per row: RETURNING of an upsert is not batched
        entry_id, object_id = connection.execute(statement, row).one()
        result[object_id] = entry_id
    return result


def _insert(connection, rows: list[dict]) -> dict[int, int]:
    """Insert entries known to be absent (a rebuild), in batches; ``{object_id: id}``."""
    statement = sa.insert(entries).returning(entries.c.id, entries.c.object_id,
                                             sort_by_parameter_order=True)
    return {object_id: entry_id
            for entry_id, object_id in connection.execute(statement, rows).all()}


def refresh(session: Session, source: registry.SearchSource, ids: Sequence[int],
            fresh: bool = False) -> int:
    """Rewrite the entries of ``source`` for ``ids``; remove those it no longer yields.

    ``fresh`` says that no entry of these ids exists (a rebuild): plain batched inserts.
    """
    connection = session.connection()
    engine = engine_for(connection)
    written = 0
    ids = sorted(set(ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        documents = {d.object_id: d for d in source.load(chunk)}
        gone = [i for i in chunk if i not in documents]
        if gone and not fresh:
            doomed = list(connection.execute(
                sa.select(entries.c.id).where(entries.c.source == source.key,
                                              entries.c.object_id.in_(gone))).scalars())
            if doomed:
                engine.delete(connection, doomed)
                connection.execute(sa.delete(entries).where(entries.c.id.in_(doomed)))
        if not documents:
            continue
        rows = [_row(source.key, d) for d in documents.values()]
        entry_ids = _insert(connection, rows) if fresh else _upsert(connection, rows)
        engine.write(connection, [(entry_ids[d.object_id], d.title, d.body)
                                  for d in documents.values()])
        written += len(documents)
    return written


def _row(key: str, document) -> dict:
    return {
        "source": key, "object_id": document.object_id, "parent_id": document.parent_id,
        "title": (document.title or "")[:300], "context": (document.context or "")[:300],
        "body": document.body or "", "visibility": str(document.visibility),
        "owner_id": document.owner_id, "project_id": document.project_id,
        "year": document.year, "happened_at": document.happened_at,
    }


def reindex(session: Session, keys: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index (of the sources named in ``keys``, or all) from the data."""
    sources = [s for s in registry.registered() if keys is None or s.key in set(keys)]
    session.flush()
    connection = session.connection()
    engine = engine_for(connection)
    counts = {}
    for source in sources:
        existing = list(connection.execute(
            sa.select(entries.c.id).where(entries.c.source == source.key)).scalars())
        engine.delete(connection, existing)
        connection.execute(sa.delete(entries).where(entries.c.source == source.key))
        select = source.all_ids() if source.all_ids else sa.select(
            sa.inspect(source.model).primary_key[0])
        ids = list(session.execute(select).scalars())
        counts[source.key] = refresh(session, source, ids, fresh=True)
        session.expunge_all()  # keep memory flat on large rebuilds
    engine.analyze(connection)
    return counts
