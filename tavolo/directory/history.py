"""Reading the audit log of one object together with the rows that belong to it.

A deliberation, an outcome or a placement is recorded under its own type and id; its parent's
page also shows those entries — for the children that still exist by id, and for deleted
ones through the parent id their deletion entry kept (``changes[fk] == [parent_id, None]``),
so the whole life of a deleted child stays readable on its parent's page.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import User
from tavolo.directory.models import AREA_LABELS, KIND_LABELS, RING_LABELS, Organization
from tavolo.extensions import db
from tavolo.projects.models import STATUS_LABELS, TARGET_LABELS, Project
from tavolo.visibility import VISIBILITY_LABELS

HISTORY_LIMIT = 200

ACTION_LABELS = {
    "create": _l("Creazione"),
    "update": _l("Modifica"),
    "delete": _l("Eliminazione"),
    "import": _l("Importazione da CSV"),
}

TYPE_LABELS = {
    "organization": _l("Ente"),
    "person": _l("Persona"),
    "placement": _l("Tirocini ospitati"),
    "project": _l("Progetto"),
    "deliberation": _l("Delibera"),
    "outcome": _l("Risultato"),
}

FIELD_LABELS = {
    "name": _l("Nome"), "short_name": _l("Nome breve"), "kind": _l("Tipo"),
    "ring": _l("Partecipazione"), "areas": _l("Aree di intervento"),
    "address": _l("Indirizzo"), "phone": _l("Telefono"), "email": _l("E-mail"),
    "website": _l("Sito web"), "description": _l("Descrizione"),
    "active_since": _l("Nel Tavolo dal"), "active_until": _l("Nel Tavolo fino al"),
    "is_example": _l("Esempio"), "people": _l("Persone"),
    "host.sector": _l("Settore"), "host.places": _l("Posti per tirocini"),
    "host.accepts_disability": _l("Tirocini per persone con disabilità"),
    "host.conditions": _l("Condizioni"), "host.last_contact_on": _l("Ultimo contatto"),
    "organization_id": _l("Ente"), "role": _l("Ruolo"), "notes": _l("Note"),
    "user_id": _l("Account collegato"), "project_id": _l("Progetto"), "year": _l("Anno"),
    "interns": _l("Tirocinanti"), "months": _l("Mesi"), "title": _l("Titolo"),
    "code": _l("Codice"), "start_year": _l("Anno di inizio"), "end_year": _l("Anno di fine"),
    "status": _l("Stato"), "summary": _l("Sintesi"), "visibility": _l("Visibilità"),
    "lead_organization_id": _l("Ente capofila"), "partners": _l("Enti partner"),
    "target_groups": _l("Destinatari"), "objectives": _l("Obiettivi"),
    "period": _l("Periodo"), "adopted_on": _l("Data di adozione"),
    "reference": _l("Riferimento"), "contribution_cents": _l("Contributo"),
    "total_spend_cents": _l("Spesa complessiva"), "spend_is_estimate": _l("Spesa presunta"),
    "beneficiary_id": _l("Beneficiario"), "label": _l("Descrizione"), "count": _l("Numero"),
    "target_group": _l("Destinatari"), "period_start": _l("Dal"), "period_end": _l("Al"),
    "source": _l("Fonte"), "position": _l("Ordine"),
}


def history_with_children(parent_type: str, parent_id: int,
                          children: Iterable[tuple[str, str, list[int]]] = ()) -> list[AuditEntry]:
    """Entries about the parent and its children, newest first, in one query.

    ``children`` lists ``(object_type, parent_key, current_ids)``, e.g.
    ``("deliberation", "project_id", [3, 4])``.
    """
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
    def by_value(mapping):
        return {member.value: label for member, label in mapping.items()}

    return {"kind": by_value(KIND_LABELS), "ring": by_value(RING_LABELS),
            "areas": by_value(AREA_LABELS), "status": by_value(STATUS_LABELS),
            "target_groups": by_value(TARGET_LABELS), "target_group": by_value(TARGET_LABELS),
            "visibility": by_value(VISIBILITY_LABELS)}


_REFERENCES = {"organization_id": "organization", "beneficiary_id": "organization",
               "lead_organization_id": "organization", "project_id": "project",
               "user_id": "user"}


def _names(entries: list[AuditEntry]) -> dict[str, dict[int, str]]:
    """Names of the organisations, projects and users the entries refer to: ≤ 3 queries."""
    wanted: dict[str, set[int]] = {"organization": set(), "project": set(), "user": set()}
    for entry in entries:
        for key, change in (entry.changes or {}).items():
            if key in _REFERENCES:
                wanted[_REFERENCES[key]].update(v for v in change if isinstance(v, int))
    columns = {"organization": (Organization.id, Organization.name),
               "project": (Project.id, Project.title), "user": (User.id, User.name)}
    return {kind: dict(db.session.execute(sa.select(*columns[kind]).where(
        columns[kind][0].in_(ids))).all()) if ids else {} for kind, ids in wanted.items()}


def _readable(key: str, value, labels: dict, names: dict):
    if value is None:
        return None
    if key in _REFERENCES and isinstance(value, int):
        return names[_REFERENCES[key]].get(value, f"#{value}")
    if key in labels:
        table = labels[key]
        if isinstance(value, list):
            return [str(table.get(v, v)) for v in value]
        return str(table.get(value, value))
    return value


def history_view(parent_type: str, entries: list[AuditEntry] | None) -> dict:
    """Template context for ``directory/_history.html``: entries with readable values."""
    if entries is None:
        return {"history": None}
    labels, names = _value_labels(), _names(entries)
    rows = []
    for entry in entries:
        changes = {key: [_readable(key, old, labels, names), _readable(key, new, labels, names)]
                   for key, (old, new) in (entry.changes or {}).items()}
        rows.append({"at": entry.at, "actor_name": entry.actor_name, "action": entry.action,
                     "object_type": entry.object_type, "object_label": entry.object_label,
                     "changes": changes})
    return {"history": rows, "history_actions": ACTION_LABELS, "history_fields": FIELD_LABELS,
            "history_types": {"parent": parent_type, "labels": TYPE_LABELS}}
