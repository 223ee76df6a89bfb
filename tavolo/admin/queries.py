"""The audit log page's list: filters by object type, person and Rome dates (query string)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from tavolo.audit.history import type_labels
from tavolo.audit.models import AuditEntry
from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.filters import int_arg, text_arg
from tavolo.types import ROME

AUDIT_PER_PAGE = 50
AUDIT_CSV_LIMIT = 50_000


@dataclass(frozen=True)
class AuditFilters:
    object_type: str = ""
    actor_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.object_type or self.actor_id or self.since or self.until)

    def args(self) -> dict[str, str]:
        """The filters as query-string values (for pagination and the CSV link)."""
        values = {"type": self.object_type, "actor": str(self.actor_id or ""),
                  "since": self.since.isoformat() if self.since else "",
                  "until": self.until.isoformat() if self.until else ""}
        return {key: value for key, value in values.items() if value}


def _day(args: MultiDict, name: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text_arg(args, name, 10))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2100 else None


def read_filters(args: MultiDict) -> AuditFilters:
    """Bad or unknown values are dropped (like every list filter); a reversed range is
    swapped, so "from 10 to 3 March" lists 3 to 10 March."""
    since, until = _day(args, "since"), _day(args, "until")
    if since and until and since > until:
        since, until = until, since
    return AuditFilters(object_type=text_arg(args, "type", 40), actor_id=int_arg(args, "actor"),
                        since=since, until=until)


def audit_query(filters: AuditFilters) -> sa.Select:
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if filters.object_type:
        query = query.where(AuditEntry.object_type == filters.object_type)
    if filters.actor_id:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.since:
        start = dt.datetime.combine(filters.since, dt.time(), tzinfo=ROME)
        query = query.where(AuditEntry.at >= start.astimezone(dt.UTC))
    if filters.until:
        after = dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time(), tzinfo=ROME)
        query = query.where(AuditEntry.at < after.astimezone(dt.UTC))
    return query


def type_options() -> list[tuple[str, str]]:
    """Every object type in the log, with its label (unknown types as recorded)."""
    labels = type_labels()
    found = db.session.scalars(sa.select(AuditEntry.object_type).distinct())
    return sorted(((kind, str(labels.get(kind, kind))) for kind in found),
                  key=lambda option: option[1].lower())


def actor_options() -> list[tuple[int, str]]:
    """The people who changed something (one query)."""
    return [(user_id, name) for user_id, name in db.session.execute(
        sa.select(User.id, User.name).where(User.id.in_(
            sa.select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))))
        .order_by(User.name))]
