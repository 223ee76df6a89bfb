"""Adding, versioning and deleting documents. Services flush; the route commits once."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import pending_changes, record
from tavolo.documents import storage
from tavolo.documents.errors import DocumentError
from tavolo.documents.models import NARROWER_LEVELS, Document, DocumentVersion, OwnerKind
from tavolo.extensions import db
from tavolo.visibility import Visibility

MAX_TITLE = 300
MAX_DESCRIPTION = 5000
MAX_URL = 1000
MAX_NOTE = 500


def _check_text(title: str, description: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise DocumentError(_l("Scrivi il titolo del documento."), "title")
    if len(title) > MAX_TITLE:
        raise DocumentError(_l("Al massimo %(max)d caratteri.", max=MAX_TITLE), "title")
    if len(description) > MAX_DESCRIPTION:
        raise DocumentError(_l("Al massimo %(max)d caratteri.", max=MAX_DESCRIPTION),
                            "description")
    return title, description


def _check_visibility(level: Visibility | str | None) -> Visibility | None:
    if level in (None, ""):
        return None
    level = Visibility(level)
    if level not in NARROWER_LEVELS:
        raise DocumentError(_l("Un documento non può essere più visibile di ciò a cui è "
                               "allegato."), "visibility")
    return level


def check_url(url: str) -> str:
    """An absolute http(s) address, or a ``DocumentError``."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > MAX_URL \
            or any(c.isspace() for c in url):
        raise DocumentError(_l("Scrivi un indirizzo completo che inizi con https:// o "
                               "http://."), "url")
    return url


def _label(document: Document) -> str:
    return f"{document.owner_kind.label}: {document.title}"


def add_file(kind: OwnerKind, owner, actor, received: storage.Received, *, title: str = "",
             description: str = "", visibility=None) -> Document:
    """A new document with its first version; the file is kept once the rows are flushed."""
    title, description = _check_text(title or received.filename.rpartition(".")[0]
                                     or received.filename, description)
    document = Document(owner_kind=kind, owner_id=owner.id, title=title,
                        description=description, visibility=_check_visibility(visibility),
                        created_by=actor)
    document.versions.append(_version(1, actor, received))
    db.session.add(document)
    db.session.flush()
    storage.keep(received, db.session)
    record(actor, "create", "document", document.id, _label(document),
           {"file": [None, received.filename], "sha256": [None, received.sha256]})
    return document


def _version(number: int, actor, received: storage.Received, note: str = "") -> DocumentVersion:
    return DocumentVersion(number=number, sha256=received.sha256, size=received.size,
                           content_type=received.content_type, filename=received.filename,
                           note=note.strip()[:MAX_NOTE], created_by=actor)


def add_link(kind: OwnerKind, owner, actor, *, url: str, title: str, description: str = "",
             visibility=None) -> Document:
    """A link to outside material (a recording, a page) beside the files."""
    title, description = _check_text(title, description)
    document = Document(owner_kind=kind, owner_id=owner.id, title=title,
                        description=description, url=check_url(url),
                        visibility=_check_visibility(visibility), created_by=actor)
    db.session.add(document)
    db.session.flush()
    record(actor, "create", "document", document.id, _label(document),
           {"url": [None, document.url]})
    return document


def add_version(document: Document, actor, received: storage.Received,
                note: str = "") -> DocumentVersion:
    """A new version of a file; the earlier ones stay listed."""
    if document.is_link:
        raise DocumentError(_l("Un link non ha versioni."), "file")
    number = (db.session.scalar(sa.select(sa.func.max(DocumentVersion.number))
                                .where(DocumentVersion.document_id == document.id)) or 0) + 1
    version = _version(number, actor, received, note)
    document.versions.append(version)
    db.session.flush()
    storage.keep(received, db.session)
    record(actor, "update", "document", document.id, _label(document),
           {"version": [number - 1, number], "file": [None, received.filename]})
    return version


def update_document(document: Document, actor, *, title: str, description: str,
                    visibility=None, url: str | None = None) -> None:
    title, description = _check_text(title, description)
    document.title, document.description = title, description
    document.visibility = _check_visibility(visibility)
    if document.is_link and url is not None:
        document.url = check_url(url)
    changes = pending_changes(document, exclude=("updated_at",))
    db.session.flush()
    if changes:
        record(actor, "update", "document", document.id, _label(document), changes)


def _unreferenced(hashes: set[str]) -> set[str]:
    if not hashes:
        return set()
    used = set(db.session.scalars(sa.select(DocumentVersion.sha256).distinct()
                                  .where(DocumentVersion.sha256.in_(hashes))))
    return hashes - used


def delete_document(document: Document, actor) -> None:
    """Delete a document and its versions, recorded in the audit log; each file goes from
    disk after the commit, unless another document still uses the same content."""
    hashes = {v.sha256 for v in document.versions}
    record(actor, "delete", "document", document.id, _label(document),
           {"title": [document.title, None],
            "files": [[v.filename for v in document.versions], None],
            "url": [document.url or None, None]})
    db.session.delete(document)
    db.session.flush()
    for sha in _unreferenced(hashes):
        storage.drop_after_commit(sha, db.session)


def delete_for_owners(kind: OwnerKind, owner_ids: list[int], actor=None) -> int:
    """Delete the documents of owners that are being deleted (draft meetings and the like)."""
    documents = list(db.session.scalars(
        sa.select(Document).where(Document.owner_kind == kind,
                                  Document.owner_id.in_(owner_ids))))
    for document in documents:
        delete_document(document, actor)
    return len(documents)
