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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
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
    "approve": _l("Approvazione"),
    "reject": _l("Rifiuto"),
}

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


def _value_labels() -> dict[str, dict]:
    labels = {"visibility": VISIBILITY_LABELS, **_merged("values")}
    return {key: {getattr(member, "value", member): label for member, label in table.items()}
            for key, table in labels.items()}


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
    return value


def history_view(parent_type: str, entries: list[AuditEntry] | None) -> dict:
    """Template context for ``audit/_history.html``: entries with readable values."""
    if entries is None:
        return {"history": None}
    references = _merged("references")
    labels, names = _value_labels(), _names(entries, references)
    rows = []
    for entry in entries:
        changes = {key: [_readable(key, old, labels, names, references),
                         _readable(key, new, labels, names, references)]
                   for key, (old, new) in (entry.changes or {}).items()}
        rows.append({"at": entry.at, "actor_name": entry.actor_name, "action": entry.action,
                     "object_type": entry.object_type, "object_label": entry.object_label,
                     "changes": changes})
    return {"history": rows, "history_actions": ACTION_LABELS,
            "history_fields": {**COMMON_FIELDS, **_merged("fields")},
            "history_types": {"parent": parent_type, "labels": _merged("types")}}
