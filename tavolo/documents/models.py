"""Documents attached to the network's records: files with their versions, and links."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see


class OwnerKind(enum.StrEnum):
    """What a document can be attached to (see ``documents.owners`` for each one's rules)."""

    MEETING = "meeting"
    AGENDA_ITEM = "agenda_item"
    MINUTES = "minutes"
    PROJECT = "project"
    DELIBERATION = "deliberation"
    PROPOSAL = "proposal"
    SEMINAR = "seminar"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return str(OWNER_LABELS[self])


OWNER_LABELS = {
    OwnerKind.MEETING: _l("Riunione"),
    OwnerKind.AGENDA_ITEM: _l("Punto all'ordine del giorno"),
    OwnerKind.MINUTES: _l("Verbale"),
    OwnerKind.PROJECT: _l("Progetto"),
    OwnerKind.DELIBERATION: _l("Delibera"),
    OwnerKind.PROPOSAL: _l("Proposta"),
    OwnerKind.SEMINAR: _l("Seminario"),
    OwnerKind.NOTICE: _l("Avviso"),
}

# Levels a document may be narrowed to; "None" means "as what it is attached to".
NARROWER_LEVELS = (Visibility.NETWORK, Visibility.CORE, Visibility.PRIVATE)


class Document(db.Model):
    """A file (with its versions) or a link to outside material, attached to one record.

    The owner is ``(owner_kind, owner_id)``. A document is never more visible than its
    owner: ``visibility`` may only narrow it further (``None`` = inherited). The file of the
    current version is ``versions[-1]``; earlier versions stay listed with date and author.
    """

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_kind: Mapped[OwnerKind] = mapped_column(str_enum(OwnerKind, "document_owner_kind", 20))
    owner_id: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    url: Mapped[str] = mapped_column(sa.String(1000), default="", doc="Links only")
    visibility: Mapped[Visibility | None] = mapped_column(
        str_enum(Visibility, "document_visibility", 10))
    is_example: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    created_by: Mapped[User | None] = relationship()
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DocumentVersion.number")

    __table_args__ = (
        sa.Index("ix_documents_owner", "owner_kind", "owner_id"),
    )

    def __repr__(self) -> str:
        return f"<Document {self.id} {self.title!r}>"

    @property
    def is_link(self) -> bool:
        return bool(self.url)

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None

    def narrowed_for(self, user) -> bool:
        """True when the document's own level keeps it from ``user`` (owner aside)."""
        return self.visibility is not None and not can_see(user, self.visibility)


class DocumentVersion(db.Model):
    """One uploaded file of a document; the bytes live on disk under their SHA-256."""

    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    content_type: Mapped[str] = mapped_column(sa.String(120))
    filename: Mapped[str] = mapped_column(sa.String(255))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("document_id", "number", name="uq_document_versions_number"),
        sa.CheckConstraint("size > 0", name="size_positive"),
    )

    @property
    def inline(self) -> bool:
        """PDFs and images open in the browser; everything else downloads."""
        return self.content_type == "application/pdf" or self.content_type.startswith("image/")
