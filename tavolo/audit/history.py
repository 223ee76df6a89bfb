"""Reading the audit log of one object together with the rows that belong to it.

A deliberation, an outcome or a placement is recorded under its own type and id; its parent's
page also shows those entries — for the children that still exist by id, and for deleted
ones through the parent id their deletion entry kept (``changes[fk] == [parent_id, None]``),
so the whole life of a deleted child stays readable on its parent's page.

The audit log knows no area. Each area describes its own words with a ``Vocabulary``
added to ``VOCABULARY`` at start-up: the names of its object types and fields, the labels of
its enum values, and how to name the rows its ids refer to (``references``)::

    history.VOCABULARY.add(state.app, history.Vocabulary(
        key="projects", types={"project": _l("Progetto")}, fields={"title": _l("Titolo")},
        values={"status": STATUS_LABELS}, names={"project": (Project.id, Project.title)},
        references={"project_id": "project"}))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.registry import Registry
from tavolo.visibility import VISIBILITY_LABELS

HISTORY_LIMIT = 200

ACTION_LABELS = {
    "create": _l("Creazione"),
    "update": _l("Modifica"),
    "delete": _l("Eliminazione"),
    "import": _l("Importazione da CSV"),
    "invite": _l("Invito"),
    "reinvite": _l("Nuovo invito"),
    "uninvite": _l("Invito ritirato"),
    "activate": _l("Attivazione dell'account"),
    "password-reset": _l("Password reimpostata"),
    "password-change": _l("Password cambiata"),
    "password-invitation": _l("Password scelta dall'invito"),
    "approve": _l("Approvazione"),
    "correct": _l("Correzione"),
    "circulate": _l("Diramazione"),
    "cancel": _l("Annullamento"),
    "held": _l("Riunione svolta"),
    "attendance": _l("Presenze"),
    "close": _l("Chiusura"),
    "status": _l("Cambio di stato"),
    "to_project": _l("Trasformazione in progetto"),
    "reject": _l("Rifiuto"),
}


def action_label(action: str) -> str:
    """The Italian (or English) name of an action; an unknown one is shown as recorded."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action

# Fields every area shares; areas add their own through ``VOCABULARY``.
COMMON_FIELDS = {
    "name": _l("Nome"), "title": _l("Titolo"), "description": _l("Descrizione"),
    "notes": _l("Note"), "is_example": _l("Esempio"), "visibility": _l("Visibilità"),
    "status": _l("Stato"), "year": _l("Anno"), "position": _l("Ordine"),
}


@dataclass(frozen=True)
class Vocabulary:
    """How an area's audit entries read: ``types`` and ``fields`` name them, ``values``
    maps a field to its enum's labels (``{Enum member: label}``), ``names`` says which
    columns give the id and the name of a kind of row, ``references`` which fields hold the
    id of such a row."""

    key: str
    types: Mapping[str, object] = field(default_factory=dict)
    fields: Mapping[str, object] = field(default_factory=dict)
    values: Mapping[str, Mapping] = field(default_factory=dict)
    names: Mapping[str, tuple] = field(default_factory=dict)
    references: Mapping[str, str] = field(default_factory=dict)
    order: int = 50


VOCABULARY: Registry[Vocabulary] = Registry("audit_vocabulary")


@dataclass(frozen=True)
class HistoryPart:
    """Rows of another area that belong to a parent's history: entries of ``object_type``
    whose ``parent_key`` names the parent. ``current_ids(parent_id)`` is a SELECT of the ids
    that exist now (deleted ones are found through their deletion entry)."""

    key: str
    parent_type: str
    object_type: str
    parent_key: str
    current_ids: Callable[[int], sa.Select]
    order: int = 50


PARTS: Registry[HistoryPart] = Registry("audit_history_parts")


def _merged(attribute: str) -> dict:
    merged: dict = {}
    for vocabulary in VOCABULARY.entries():
        merged.update(getattr(vocabulary, attribute))
    return merged


def history_with_children(parent_type: str, parent_id: int,
                          children: Iterable[tuple[str, str, list[int]]] = ()) -> list[AuditEntry]:
    """Entries about the parent and its children, newest first, in one query.

    ``children`` lists ``(object_type, parent_key, current_ids)``, e.g.
    ``("deliberation", "project_id", [3, 4])``; the ``PARTS`` other areas registered for
    ``parent_type`` are added (their ids as a subquery: no extra query).
    """
    children = [*children, *((part.object_type, part.parent_key, part.current_ids(parent_id))
                             for part in PARTS.entries() if part.parent_type == parent_type)]
    conditions = [sa.and_(AuditEntry.object_type == parent_type,
                          AuditEntry.object_id == parent_id)]
    for child_type, parent_key, ids in children:
        deleted = aliased(AuditEntry)
        deleted_ids = sa.select(deleted.object_id).where(
            deleted.object_type == child_type, deleted.action == "delete",
            deleted.changes[(parent_key, 0)].as_integer() == parent_id)
        conditions.append(sa.and_(AuditEntry.object_type == child_type, sa.or_(
            AuditEntry.object_id.in_(ids), AuditEntry.object_id.in_(deleted_ids))))
    return list(db.session.scalars(
        sa.select(AuditEntry).where(sa.or_(*conditions))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(HISTORY_LIMIT)))


def _plain_table(table: Mapping) -> dict:
    return {getattr(member, "value", member): label for member, label in table.items()}


def _value_labels() -> dict[str, dict]:
    """``{field: {value: label}}`` for every field any area labels (the last one wins)."""
    labels = {"visibility": VISIBILITY_LABELS, **_merged("values")}
    return {key: _plain_table(table) for key, table in labels.items()}


def _typed_value_labels() -> dict[str, dict[str, dict]]:
    """``{object_type: {field: {value: label}}}``: a field named alike in two areas
    (``status`` of a project and of a meeting) reads with its own area's labels."""
    typed: dict[str, dict[str, dict]] = {}
    for vocabulary in VOCABULARY.entries():
        tables = {key: _plain_table(table) for key, table in vocabulary.values.items()}
        for object_type in vocabulary.types:
            typed.setdefault(object_type, {}).update(tables)
    return typed


def type_labels() -> dict[str, object]:
    return _merged("types")


def field_labels() -> dict[str, object]:
    return {**COMMON_FIELDS, **_merged("fields")}


def _moment(value: str):
    """A recorded ISO date-time (always with its offset) as Rome time, like ``|datetime``."""
    if len(value) < 19 or value[4] != "-" or value[10] != "T":
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return format_datetime(moment, "d MMM y, HH:mm")


def _names(entries: list[AuditEntry], references: dict[str, str]) -> dict[str, dict[int, str]]:
    """Names of the rows the entries refer to: one query per kind of row referred to."""
    columns = _merged("names")
    wanted: dict[str, set[int]] = {kind: set() for kind in columns}
    for entry in entries:
        for key, change in (entry.changes or {}).items():
            if key in references and references[key] in wanted:
                wanted[references[key]].update(v for v in change if isinstance(v, int))
    return {kind: dict(db.session.execute(sa.select(*columns[kind]).where(
        columns[kind][0].in_(ids))).all()) if ids else {} for kind, ids in wanted.items()}


def _readable(key: str, value, labels: dict, names: dict, references: dict):
    if value is None:
        return None
    if key in references and isinstance(value, int):
        return names.get(references[key], {}).get(value, f"#{value}")
    if key in labels:
        table = labels[key]
        if isinstance(value, list):
            return [str(table.get(v, v)) for v in value]
        return str(table.get(value, value))
    if isinstance(value, str):
        moment = _moment(value)
        if moment is not None:
            return moment
    return value


def readable_changes(entry: AuditEntry, labels: dict, typed: dict, names: dict,
                     references: dict) -> dict[str, list]:
    """The entry's changes with labels for enum values, names for ids, Rome times."""
    own = {**labels, **typed.get(entry.object_type, {})}
    return {key: [_readable(key, old, own, names, references),
                  _readable(key, new, own, names, references)]
            for key, (old, new) in _pairs(entry.changes)}


def _pairs(changes):
    for key, change in (changes or {}).items():
        if isinstance(change, list | tuple) and len(change) == 2:
            yield key, change
        else:
            yield key, [None, change]


def readable_entries(entries: list[AuditEntry]) -> list[dict]:
    """Rows for a template or a CSV: the names a reader understands (a fixed number of
    queries: one per kind of row the entries refer to)."""
    references = _merged("references")
    labels, typed, names = _value_labels(), _typed_value_labels(), _names(entries, references)
    return [{"at": entry.at, "actor_name": entry.actor_name, "action": entry.action,
             "action_label": action_label(entry.action), "object_type": entry.object_type,
             "object_id": entry.object_id, "object_label": entry.object_label,
             "changes": readable_changes(entry, labels, typed, names, references)}
            for entry in entries]


def history_view(parent_type: str, entries: list[AuditEntry] | None) -> dict:
    """Template context for ``audit/_history.html``: entries with readable values."""
    if entries is None:
        return {"history": None}
    return {"history": readable_entries(entries), "history_actions": ACTION_LABELS,
            "history_fields": field_labels(),
            "history_types": {"parent": parent_type, "labels": type_labels()}}
