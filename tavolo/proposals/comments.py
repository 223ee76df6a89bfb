"""Threaded comments on proposals, and the e-mails they trigger.

A thread is a comment on the proposal and every reply beneath it. When someone comments,
the proposal's author and the people who already wrote in that thread get one e-mail each
(never the commenter, never someone who can no longer read the proposal).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from tavolo.audit.services import record
from tavolo.auth.models import User
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.notifications.services import notify
from tavolo.outbox.mail import absolute_url
from tavolo.proposals.models import COMMENT_EDIT_MINUTES, COMMENT_MAX_DEPTH, Comment, Proposal
from tavolo.types import utcnow

BODY_MAX = 10_000
# The same text posted twice this quickly is a double click, not a second comment.
DUPLICATE_WINDOW = dt.timedelta(minutes=2)


class CommentError(DomainError):
    """The comment cannot be written; the message says why, by the comment's text."""

    def __init__(self, message, field: str | None = "body") -> None:
        super().__init__(message, field)


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)


def edit_window_minutes() -> int:
    return int(current_app.config.get("COMMENT_EDIT_MINUTES", COMMENT_EDIT_MINUTES))


def thread_of(proposal: Proposal) -> list[CommentNode]:
    """Every comment of a proposal as a tree, oldest first at each level (one query)."""
    comments = db.session.scalars(
        sa.select(Comment).where(Comment.proposal_id == proposal.id)
        .options(joinedload(Comment.author))
        .order_by(Comment.created_at, Comment.id)).all()
    nodes = {c.id: CommentNode(c) for c in comments}
    roots = []
    for comment in comments:
        node = nodes[comment.id]
        parent = nodes.get(comment.parent_id) if comment.parent_id else None
        (parent.replies if parent else roots).append(node)
    return roots


def count_live(nodes: list[CommentNode]) -> int:
    """Comments in a thread that were not removed."""
    return sum((not node.comment.is_deleted) + count_live(node.replies) for node in nodes)


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommentError(_("Scrivi il testo del commento."))
    if len(body) > BODY_MAX:
        raise CommentError(_("Il commento è troppo lungo (al massimo %(max)d caratteri).",
                             max=BODY_MAX))
    return body


def add_comment(author, proposal: Proposal, body: str, parent: Comment | None = None,
                now: dt.datetime | None = None, notify: bool = True,
                is_example: bool = False) -> tuple[Comment, bool]:
    """Post a comment or a reply; return it and whether it is new.

    Replies nest up to :data:`COMMENT_MAX_DEPTH`; a reply to a comment at that depth joins
    it at the same level. Posting the same text again within a short time (a double click,
    a resubmitted form) returns the first comment and sends nothing twice.
    """
    now = now or utcnow()
    if not proposal.can_comment(author):
        raise CommentError(_("Su questa proposta non si può più commentare."))
    body = _clean(body)
    if parent is not None:
        if parent.proposal_id != proposal.id:
            raise CommentError(_("Il commento a cui rispondi non è di questa proposta."))
        if parent.is_deleted:
            raise CommentError(_("Non puoi rispondere a un commento rimosso."))
        if parent.depth >= COMMENT_MAX_DEPTH:
            parent = parent.parent
    same_place = Comment.parent_id == parent.id if parent else Comment.parent_id.is_(None)
    duplicate = db.session.scalar(
        sa.select(Comment).where(
            Comment.proposal_id == proposal.id, Comment.author_id == author.id, same_place,
            Comment.body == body, Comment.deleted_at.is_(None),
            Comment.created_at > now - DUPLICATE_WINDOW).limit(1))
    if duplicate is not None:
        return duplicate, False
    comment = Comment(proposal=proposal, parent=parent, depth=parent.depth + 1 if parent else 0,
                      author=author, body=body, created_at=now, is_example=is_example)
    db.session.add(comment)
    db.session.flush()
    if notify:
        notify_comment(comment)
    return comment, True


def edit_comment(user, comment: Comment, body: str, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    if not comment.can_edit(user, now, edit_window_minutes()):
        raise CommentError(_("Un commento si può modificare solo entro %(minutes)d minuti "
                             "dalla pubblicazione.", minutes=edit_window_minutes()))
    body = _clean(body)
    if body != comment.body:
        comment.body = body
        comment.edited_at = now
    db.session.flush()


def delete_comment(user, comment: Comment, now: dt.datetime | None = None) -> None:
    """Remove the text, keep the place in the thread ("commento rimosso")."""
    now = now or utcnow()
    if not comment.can_delete(user):
        raise CommentError(_("Non puoi rimuovere questo commento."))
    if user.id != comment.author_id:
        # Moderation is recorded; the removed text is not kept anywhere.
        record(user, "delete", "comment", comment.id,
               _("Commento di %(name)s sulla proposta «%(title)s»",
                 name=comment.author.name, title=comment.proposal.title))
    comment.body = ""
    comment.deleted_at = now
    comment.deleted_by_id = user.id
    db.session.flush()


def _thread_participants(comment: Comment) -> set[int]:
    """Authors of the live comments in the same thread as ``comment`` (one query)."""
    rows = db.session.execute(
        sa.select(Comment.id, Comment.parent_id, Comment.author_id, Comment.deleted_at)
        .where(Comment.proposal_id == comment.proposal_id)).all()
    parent_of = {row.id: row.parent_id for row in rows}

    def root(comment_id: int) -> int:
        while parent_of.get(comment_id):
            comment_id = parent_of[comment_id]
        return comment_id

    thread = root(comment.id)
    return {row.author_id for row in rows
            if row.deleted_at is None and root(row.id) == thread}


def _summary(comment: Comment) -> str:
    text = " ".join(comment.body.split())
    return f"{comment.author.name}: {text[:200]}{'…' if len(text) > 200 else ''}"


def notify_comment(comment: Comment) -> int:
    """Notify the proposal's author and the thread's participants (kind ``replies``, as each
    chose); return how many mails or digest items were written."""
    proposal = comment.proposal
    wanted = _thread_participants(comment) | {proposal.author_id}
    wanted.discard(comment.author_id)
    if not wanted:
        return 0
    users = db.session.scalars(sa.select(User).where(User.id.in_(wanted),
                                                     User.active.is_(True))
                               .order_by(User.id)).all()
    link = absolute_url("proposals.detail", proposal_id=proposal.id,
                        _anchor=f"commento-{comment.id}")
    sent = 0
    for user in users:
        if not proposal.can_view(user):
            continue
        is_reply_to_them = comment.parent is not None and comment.parent.author_id == user.id
        written = notify(
            user, "replies", template="proposal_comment", category="proposal_comment",
            subject=_l("Nuovo commento sulla proposta «%(title)s»", title=proposal.title),
            context=dict(proposal=proposal, comment=comment, link=link, recipient=user,
                         is_author=user.id == proposal.author_id,
                         is_reply_to_them=is_reply_to_them,
                         summary=_summary(comment)))
        if written is None:
            continue
        sent += 1
    return sent
