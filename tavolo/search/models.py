"""The search index: one row per searchable thing, whatever area it comes from.

``search_entries`` is an ordinary table (the same on both databases) holding what a result
shows and who may see it. The full-text part lives in the engine's own table,
``search_fts`` (an FTS5 virtual table on SQLite, a table of ``tsvector`` columns with GIN
indexes on PostgreSQL), keyed by ``search_entries.id``. ``search_fts`` is created by the
migration and is not a model: ``tavolo.database.UNMANAGED_TABLES`` keeps it out of the
models-versus-migrations comparison.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db
from tavolo.types import UTCDateTime, str_enum
from tavolo.visibility import Visibility


class SearchEntry(db.Model):
    """One indexed item: its text, where it links to and the rule for who may see it.

    A reader sees the entry when ``visibility`` is within their clearance, or when they are
    ``owner_id`` (e.g. the author of a proposal sees it whatever its level). The whole text
    of an entry shares that one rule: a source that has text with another audience (draft
    minutes inside a public meeting) makes a separate entry of it.
    """

    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int]
    parent_id: Mapped[int | None] = mapped_column(doc="e.g. the meeting of an agenda item")
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "search_entry_visibility", 10))
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"), index=True)
    year: Mapped[int | None] = mapped_column(index=True)
    happened_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # Texts last: SQLite reads a row's columns in order, and the filters above should not
    # have to step over a long body stored in overflow pages.
    title: Mapped[str] = mapped_column(sa.String(300))
    context: Mapped[str] = mapped_column(sa.String(300), default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.UniqueConstraint("source", "object_id", name="uq_search_entries_source_object"),
    )

    def __repr__(self) -> str:
        return f"<SearchEntry {self.source}:{self.object_id}>"
