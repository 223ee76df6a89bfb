"""The one place that turns "document N" into a document the reader may use, or a 404."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.documents.models import Document, DocumentVersion, OwnerKind
from tavolo.documents.owners import load_owner, rules_for
from tavolo.documents.queries import document_with_versions
from tavolo.extensions import db


def get_owner_or_404(kind: str, owner_id: int | None, need: str = "attach"):
    """The record documents are attached to; 404 unless the reader may (``need``) use it."""
    try:
        kind = OwnerKind(kind)
    except ValueError:
        abort(404)
    owner = load_owner(kind, owner_id) if owner_id else None
    rules = rules_for(kind)
    if owner is None or not rules.can_view(owner, current_user):
        abort(404)
    if need == "attach" and not rules.can_attach(owner, current_user):
        abort(403)
    return kind, owner


def get_document_or_404(document_id: int, need: str = "view") -> tuple[Document, object]:
    """The document and its owner. Someone who may not see it gets 404, never 403, so that
    the existence of a hidden document is not revealed; ``need="manage"`` answers 403 to a
    reader who sees it but may not change it."""
    document = document_with_versions(document_id)
    if document is None or document.narrowed_for(current_user):
        abort(404)
    owner = load_owner(document.owner_kind, document.owner_id)
    rules = rules_for(document.owner_kind)
    if owner is None or not rules.can_view(owner, current_user):
        abort(404)
    if need == "manage" and not rules.can_attach(owner, current_user):
        abort(403)
    return document, owner


def get_version_or_404(version_id: int) -> DocumentVersion:
    version = db.session.get(DocumentVersion, version_id)
    if version is None:
        abort(404)
    get_document_or_404(version.document_id)
    return version
