"""What of the documents area can be searched: title, description and the text of the file.

A document is found by exactly the readers of what it is attached to (or fewer, when the
document narrows its level), so its entry takes the owner's level as the owner's own search
entry computes it (a draft meeting, draft minutes and proposed agenda items are for the core
group) and follows the owner: a meeting made public, minutes approved or a project narrowed
refresh the documents attached to them in the same transaction. The text of PDFs and
OpenDocument/Office files is extracted once per version, when the entry is written.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.documents import storage
from tavolo.documents.models import Document, DocumentVersion, OwnerKind
from tavolo.documents.owners import RULES
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Meeting, Minutes
from tavolo.meetings.search import meeting_level, minutes_level
from tavolo.notices.models import Notice
from tavolo.notices.search import notice_level
from tavolo.projects.models import Deliberation, Project
from tavolo.proposals.models import Proposal
from tavolo.search.services.extract import extract_text
from tavolo.seminars.models import Seminar
from tavolo.types import ROME
from tavolo.visibility import Visibility

log = logging.getLogger(__name__)

# At most this much extracted text per document goes into the index.
MAX_TEXT = 200_000


def _narrower(*levels: Visibility) -> Visibility:
    return max((Visibility(level) for level in levels), key=lambda level: level.rank)


def _owner_level(kind: OwnerKind, owner) -> Visibility:
    """The level a reader needs to see the owner, as the owner's own entry says it."""
    if kind == OwnerKind.MEETING:
        return meeting_level(owner)
    if kind == OwnerKind.AGENDA_ITEM:
        level = meeting_level(owner.meeting)
        return level if owner.is_accepted else _narrower(level, Visibility.CORE)
    if kind == OwnerKind.MINUTES:
        return minutes_level(owner.meeting)
    if kind == OwnerKind.DELIBERATION:
        return Visibility(owner.project.visibility)
    if kind == OwnerKind.NOTICE:
        return notice_level(owner)
    return Visibility(owner.visibility)  # project, proposal, seminar


def _file_text(document: Document) -> str:
    version = document.current
    if version is None:
        return ""
    try:
        data = storage.path_for(version.sha256).read_bytes()
    except OSError:
        log.warning("document %s: file of version %s not readable", document.id, version.id)
        return ""
    return extract_text(data, version.content_type)[:MAX_TEXT]


def _owners(rows) -> dict[tuple[OwnerKind, int], object]:
    """Every owner of ``rows``, one query per kind of owner."""
    wanted: dict[OwnerKind, set[int]] = {}
    for document in rows:
        wanted.setdefault(OwnerKind(document.owner_kind), set()).add(document.owner_id)
    owners = {}
    for kind, ids in wanted.items():
        model = RULES[kind].model
        for owner in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
            owners[(kind, owner.id)] = owner
    return owners


def _project_of(kind: OwnerKind, owner) -> int | None:
    if kind == OwnerKind.PROJECT:
        return owner.id
    if kind in (OwnerKind.DELIBERATION, OwnerKind.AGENDA_ITEM):
        return owner.project_id
    return None


def _documents(ids):
    rows = list(db.session.scalars(
        sa.select(Document).where(Document.id.in_(ids))
        .options(selectinload(Document.versions))
        .execution_options(populate_existing=True)))
    owners = _owners(rows)
    found = []
    for document in rows:
        kind = OwnerKind(document.owner_kind)
        owner = owners.get((kind, document.owner_id))
        if owner is None:
            continue  # its owner is being deleted, and the document with it
        level = _owner_level(kind, owner)
        if document.visibility is not None:
            level = _narrower(level, document.visibility)
        found.append(search.SearchDocument(
            object_id=document.id, title=document.title, visibility=level,
            project_id=_project_of(kind, owner),
            year=document.created_at.astimezone(ROME).year, happened_at=document.created_at,
            context=" · ".join(filter(None, [kind.label, RULES[kind].title(owner)])),
            body="\n".join(filter(None, [document.description, document.url,
                                         _file_text(document)]))))
    return found


def _attached_to(kind: OwnerKind):
    return lambda ids: sa.select(Document.id).where(Document.owner_kind == kind,
                                                    Document.owner_id.in_(ids))


def _of_meetings(ids):
    """Documents of the meetings, of their agenda items and of their minutes."""
    items = sa.select(AgendaItem.id).where(AgendaItem.meeting_id.in_(ids))
    minutes = sa.select(Minutes.id).where(Minutes.meeting_id.in_(ids))
    return sa.select(Document.id).where(sa.or_(
        sa.and_(Document.owner_kind == OwnerKind.MEETING, Document.owner_id.in_(ids)),
        sa.and_(Document.owner_kind == OwnerKind.AGENDA_ITEM, Document.owner_id.in_(items)),
        sa.and_(Document.owner_kind == OwnerKind.MINUTES, Document.owner_id.in_(minutes))))


def _of_projects(ids):
    deliberations = sa.select(Deliberation.id).where(Deliberation.project_id.in_(ids))
    return sa.select(Document.id).where(sa.or_(
        sa.and_(Document.owner_kind == OwnerKind.PROJECT, Document.owner_id.in_(ids)),
        sa.and_(Document.owner_kind == OwnerKind.DELIBERATION,
                Document.owner_id.in_(deliberations))))


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="document", label=_l("Documenti"), model=Document, load=_documents, order=45,
        url=lambda entry: url_for("documents.detail", document_id=entry.object_id),
        follows={
            DocumentVersion: lambda ids: sa.select(DocumentVersion.document_id).where(
                DocumentVersion.id.in_(ids)),
            Meeting: _of_meetings,
            AgendaItem: _attached_to(OwnerKind.AGENDA_ITEM),
            Minutes: _attached_to(OwnerKind.MINUTES),
            Project: _of_projects,
            Deliberation: _attached_to(OwnerKind.DELIBERATION),
            Proposal: _attached_to(OwnerKind.PROPOSAL),
            Seminar: _attached_to(OwnerKind.SEMINAR),
            Notice: _attached_to(OwnerKind.NOTICE),
        },
        fields={
            Meeting: ("title", "visibility", "status"),
            AgendaItem: ("title", "status", "meeting_id"),
            Minutes: ("status",),
            Project: ("title", "visibility"),
            Deliberation: ("title", "project_id"),
            Proposal: ("title", "visibility"),
            Seminar: ("title", "visibility"),
            Notice: ("title", "visibility", "status"),
        }))
