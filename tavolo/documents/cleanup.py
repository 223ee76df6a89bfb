"""Documents go with what they are attached to.

Documents point at their owner by kind and id (one table for seven kinds of owner), so the
database cannot cascade; instead, when a flush deletes an owner — a draft meeting, an agenda
item, a deliberation, a seminar — its documents are deleted in the same flush, recorded in
the audit log, and their files leave the disk after the commit if nothing else uses them.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tavolo.audit.models import AuditEntry
from tavolo.documents import storage
from tavolo.documents.models import Document, DocumentVersion, OwnerKind
from tavolo.documents.owners import RULES
from tavolo.meetings.models import AgendaItem, Meeting, Minutes

_KIND_OF = {rules.model: kind for kind, rules in RULES.items()}


def _owners_deleted(session: Session) -> list[tuple[OwnerKind, int]]:
    owners = []
    for obj in session.deleted:
        kind = _KIND_OF.get(type(obj))
        if kind is None or obj.id is None:
            continue
        owners.append((kind, obj.id))
        if isinstance(obj, Meeting):
            # Its agenda items and minutes go by the database's cascade, unseen by the ORM.
            owners += [(OwnerKind.AGENDA_ITEM, i) for i in session.scalars(
                sa.select(AgendaItem.id).where(AgendaItem.meeting_id == obj.id))]
            owners += [(OwnerKind.MINUTES, i) for i in session.scalars(
                sa.select(Minutes.id).where(Minutes.meeting_id == obj.id))]
    return owners


def _before_flush(session: Session, _context, _instances) -> None:
    if not session.deleted:
        return
    with session.no_autoflush:
        owners = _owners_deleted(session)
        if not owners:
            return
        condition = sa.or_(*(sa.and_(Document.owner_kind == kind, Document.owner_id == oid)
                             for kind, oid in owners))
        documents = list(session.scalars(sa.select(Document).where(condition)))
        if not documents:
            return
        ids = [d.id for d in documents]
        hashes = set(session.scalars(sa.select(DocumentVersion.sha256)
                                     .where(DocumentVersion.document_id.in_(ids))))
        still_used = set(session.scalars(
            sa.select(DocumentVersion.sha256).where(DocumentVersion.sha256.in_(hashes),
                                                    DocumentVersion.document_id.notin_(ids))))
        for document in documents:
            session.add(AuditEntry(actor_id=None, actor_name="", action="delete",
                                   object_type="document", object_id=document.id,
                                   object_label=f"{document.owner_kind.label}: "
                                                f"{document.title}"[:300],
                                   changes={"title": [document.title, None],
                                            "reason": ["owner deleted", None]}))
            session.delete(document)
        for sha in hashes - still_used:
            storage.drop_after_commit(sha, session)


def init_app() -> None:
    if not sa.event.contains(Session, "before_flush", _before_flush):
        sa.event.listen(Session, "before_flush", _before_flush)
