"""Reading the documents of pages: one query for all the owners a page shows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tavolo.documents.models import Document, DocumentVersion, OwnerKind
from tavolo.documents.owners import rules_for
from tavolo.extensions import db


@dataclass
class Shelf:
    """The documents of one owner as a reader sees them, and whether they may add more."""

    kind: OwnerKind
    owner: object
    documents: list[Document] = field(default_factory=list)
    can_attach: bool = False


def documents_by_owner(kind: OwnerKind | str, owner_ids: Iterable[int],
                       user) -> dict[int, list[Document]]:
    """``{owner_id: [documents]}`` in two queries whatever the number of owners.

    The caller has checked that ``user`` may see the owners; documents narrowed to a level
    above the reader are left out here.
    """
    ids = sorted({i for i in owner_ids if i is not None})
    if not ids:
        return {}
    documents = db.session.scalars(
        sa.select(Document)
        .where(Document.owner_kind == OwnerKind(kind), Document.owner_id.in_(ids))
        .options(selectinload(Document.versions).joinedload(DocumentVersion.created_by))
        .order_by(Document.created_at, Document.id))
    result: dict[int, list[Document]] = defaultdict(list)
    for document in documents:
        if not document.narrowed_for(user):
            result[document.owner_id].append(document)
    return result


def shelves(kind: OwnerKind | str, owners: Iterable, user) -> dict[int, Shelf]:
    """A ``Shelf`` per owner (empty ones too), for pages listing several owners."""
    owners = [o for o in owners if o is not None]
    kind = OwnerKind(kind)
    found = documents_by_owner(kind, [o.id for o in owners], user)
    rules = rules_for(kind)
    return {o.id: Shelf(kind, o, found.get(o.id, []), rules.can_attach(o, user))
            for o in owners}


def shelf(kind: OwnerKind | str, owner, user) -> Shelf:
    return shelves(kind, [owner], user)[owner.id]


def document_with_versions(document_id: int) -> Document | None:
    return db.session.scalar(
        sa.select(Document).where(Document.id == document_id)
        .options(selectinload(Document.versions).joinedload(DocumentVersion.created_by),
                 joinedload(Document.created_by)))


def project_documents(projects, user) -> dict[int, list[Document]]:
    """Link provider of project pages: the project's documents and its deliberations'.

    Each document keeps its ``owner_kind``/``owner_id``, so the section can show under which
    deliberation it sits. One query (two when there are documents), whatever the number of
    projects.
    """
    from tavolo.projects.models import Deliberation

    project_ids = [p.id for p in projects]
    deliberation = sa.and_(Document.owner_kind == OwnerKind.DELIBERATION,
                           Deliberation.id == Document.owner_id)
    rows = db.session.execute(
        sa.select(Document, Deliberation.project_id)
        .outerjoin(Deliberation, deliberation)
        .where(sa.or_(sa.and_(Document.owner_kind == OwnerKind.PROJECT,
                              Document.owner_id.in_(project_ids)),
                      sa.and_(Document.owner_kind == OwnerKind.DELIBERATION,
                              Deliberation.project_id.in_(project_ids))))
        .options(selectinload(Document.versions).joinedload(DocumentVersion.created_by))
        .order_by(Document.created_at, Document.id))
    result: dict[int, list[Document]] = defaultdict(list)
    for document, deliberation_project in rows:
        if not document.narrowed_for(user):
            result[deliberation_project or document.owner_id].append(document)
    return result


def proposal_shelf(proposal, user) -> list[Shelf]:
    """Section of proposal pages: shown when there are documents or the reader may add."""
    found = shelf(OwnerKind.PROPOSAL, proposal, user)
    return [found] if found.documents or found.can_attach else []
