"""Recording audit entries in the same transaction as the change they describe."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db


def _plain(value):
    """A JSON-friendly rendering of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def pending_changes(obj, exclude: tuple[str, ...] = ()) -> dict[str, list]:
    """Column changes of ``obj`` not yet flushed, as ``{field: [old, new]}``."""
    state = sa.inspect(obj)
    changes: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in exclude:
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [_plain(old), _plain(new)]
    return changes


def record(actor, action: str, object_type: str, object_id: int | None, label: str = "",
           changes: dict | None = None) -> AuditEntry:
    """Add an audit entry to the session; the caller's commit makes it permanent."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:300],
        changes=changes or {},
    )
    db.session.add(entry)
    return entry


def history_of(object_type: str, object_id: int) -> list[AuditEntry]:
    """Every entry about one object, newest first."""
    return list(db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == object_type, AuditEntry.object_id == object_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ))
