"""Proposals of the network, their earlier versions, status history and comments.

A proposal is written by any logged-in user, edited by its author while it is open for
comments (every saved version is kept), put into a priority round (status *in a vote*),
then adopted or set aside by the coordinator. Permission questions are methods on the
models; templates and list queries use the same methods and filters.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility, can_see, visible_levels

# Comments may be edited by their author for this long after posting (minutes); the
# application setting ``COMMENT_EDIT_MINUTES`` overrides it.
COMMENT_EDIT_MINUTES = 15
# Replies nest this deep (0 = a comment on the proposal); deeper replies join the last level.
COMMENT_MAX_DEPTH = 2


class ProposalStatus(LabelledEnum):
    OPEN = "open", _l("Aperta ai commenti")
    VOTING = "voting", _l("In votazione")
    ADOPTED = "adopted", _l("Adottata")
    SET_ASIDE = "set_aside", _l("Accantonata")

    @property
    def badge(self) -> str:
        """Bootstrap colour of the status badge (the label always says the status too)."""
        return {"open": "primary", "voting": "warning", "adopted": "success",
                "set_aside": "secondary"}[self.value]


STATUS_LABELS = ProposalStatus.labels()

# Statuses the coordinator may set by hand; "in a vote" is set by putting it in a round.
MANUAL_STATUSES = (ProposalStatus.OPEN, ProposalStatus.ADOPTED, ProposalStatus.SET_ASIDE)

proposal_projects = sa.Table(
    "proposal_projects",
    db.metadata,
    sa.Column("proposal_id", sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("project_id", sa.ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


class Proposal(db.Model):
    """A proposal (``proposta``) put to the network."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"),
                                           index=True)
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True)
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "proposal_visibility", 10), default=Visibility.NETWORK)
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, "proposal_status", 20), default=ProposalStatus.OPEN, index=True)
    # Number of the current version; an edit must name it, so two concurrent edits cannot
    # silently overwrite each other.
    version: Mapped[int] = mapped_column(default=1)
    # The project this adopted proposal became (one at most).
    resulting_project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="SET NULL"), unique=True)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship()
    organization: Mapped[Organization | None] = relationship()
    projects: Mapped[list[Project]] = relationship(secondary=proposal_projects,
                                                   order_by=Project.title)
    resulting_project: Mapped[Project | None] = relationship()
    revisions: Mapped[list[ProposalRevision]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="ProposalRevision.number")
    status_changes: Mapped[list[ProposalStatusChange]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        order_by="(ProposalStatusChange.at, ProposalStatusChange.id)")

    __table_args__ = (sa.CheckConstraint("version >= 1", name="version_positive"),)

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.title!r}>"

    # Permissions: one method per question, used by routes, templates and queries.
    @staticmethod
    def visible_to(user):
        """SQL condition: the proposals ``user`` may read (mirrors :meth:`can_view`)."""
        condition = Proposal.visibility.in_(visible_levels(user))
        if _authenticated(user):
            condition = sa.or_(condition, Proposal.author_id == user.id)
        return condition

    def can_view(self, user) -> bool:
        if _authenticated(user) and user.id == self.author_id:
            return True
        return can_see(user, self.visibility)

    def can_edit(self, user) -> bool:
        """The author (or a coordinator) while the proposal is open for comments."""
        if not _authenticated(user) or self.status != ProposalStatus.OPEN:
            return False
        return user.id == self.author_id or user.is_coordinator

    def can_comment(self, user) -> bool:
        """Discussion stays open until the proposal is decided."""
        return (_authenticated(user) and self.can_view(user)
                and self.status in (ProposalStatus.OPEN, ProposalStatus.VOTING))

    def can_withdraw(self, user) -> bool:
        """The author may withdraw a proposal nobody is voting on yet."""
        return (_authenticated(user) and user.id == self.author_id
                and self.status == ProposalStatus.OPEN)

    def can_change_status(self, user) -> bool:
        return _authenticated(user) and user.is_coordinator

    def can_become_project(self, user) -> bool:
        return (_authenticated(user) and user.is_coordinator
                and self.status == ProposalStatus.ADOPTED and self.resulting_project_id is None)


class ProposalRevision(db.Model):
    """One saved version of a proposal's text; the latest equals the proposal itself."""

    __tablename__ = "proposal_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    edited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="revisions")
    edited_by: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("proposal_id", "number", name="uq_proposal_revisions_number"),
    )


class ProposalStatusChange(db.Model):
    """One step of a proposal's history: who moved it from which status to which, and why."""

    __tablename__ = "proposal_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[ProposalStatus | None] = mapped_column(
        str_enum(ProposalStatus, "proposal_change_from", 20))
    to_status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, "proposal_change_to", 20))
    changed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("priority_rounds.id", ondelete="SET NULL"))

    proposal: Mapped[Proposal] = relationship(back_populates="status_changes")
    changed_by: Mapped[User | None] = relationship()


class Comment(db.Model):
    """A comment on a proposal or a reply to another comment.

    Deleting keeps the row (its text emptied) so that the replies keep their place in the
    thread, which then shows "commento rimosso".
    """

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(sa.ForeignKey("proposals.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    depth: Mapped[int] = mapped_column(default=0)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"),
                                           index=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    is_example: Mapped[bool] = mapped_column(default=False)

    proposal: Mapped[Proposal] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    parent: Mapped[Comment | None] = relationship(remote_side=[id])

    __table_args__ = (
        sa.Index("ix_comments_proposal_created", "proposal_id", "created_at"),
        # The dashboard's newest comments across proposals walk this backwards and stop; it
        # also answers the count of new comments without reading the rows (covering).
        sa.Index("ix_comments_created_at", "created_at", "id", "proposal_id", "author_id",
                 "deleted_at"),
        sa.CheckConstraint("depth >= 0", name="depth_not_negative"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def edit_deadline(self, minutes: int = COMMENT_EDIT_MINUTES) -> dt.datetime:
        return self.created_at + dt.timedelta(minutes=minutes)

    def can_edit(self, user, now: dt.datetime | None = None,
                 minutes: int = COMMENT_EDIT_MINUTES) -> bool:
        """Only the author, only within the edit window, only while discussion is open."""
        now = now or utcnow()
        return (_authenticated(user) and user.id == self.author_id and not self.is_deleted
                and now < self.edit_deadline(minutes) and self.proposal.can_comment(user))

    def can_delete(self, user) -> bool:
        """The author at any time; the coordinator too (moderation)."""
        return (_authenticated(user) and not self.is_deleted
                and (user.id == self.author_id or user.is_coordinator))
