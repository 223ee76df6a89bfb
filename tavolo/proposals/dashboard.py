"""What the dashboard shows of proposals: what is new since my last visit (replies to my
comments first), and adopted proposals for the recent activity. Every query starts from
``Proposal.visible_to(user)``; a fixed number of queries whatever the number of comments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, contains_eager, joinedload

from tavolo.dashboard.blocks import Activity, last_visit
from tavolo.extensions import db
from tavolo.proposals.models import Comment, Proposal, ProposalStatus, ProposalStatusChange
from tavolo.types import utcnow

FIRST_VISIT_WINDOW = dt.timedelta(days=14)
SHOWN = 8


@dataclass
class ProposalNews:
    since: dt.datetime
    first_visit: bool
    replies: list[Comment]
    comments: list[Comment]
    comments_total: int
    proposals: list[Proposal]

    def __bool__(self) -> bool:
        return bool(self.replies or self.comments or self.proposals)


def news_since_last_visit(user) -> ProposalNews:
    """Replies to ``user``'s comments, other new comments and new proposals, by others,
    since the previous visit to the dashboard (the last 14 days on the first one)."""
    previous = last_visit(user)
    since = previous or utcnow() - FIRST_VISIT_WINDOW
    parent = aliased(Comment)
    new_comment = sa.and_(Comment.created_at > since, Comment.author_id != user.id,
                          Comment.deleted_at.is_(None), Proposal.visible_to(user))
    is_reply_to_me = sa.and_(Comment.parent_id.is_not(None),
                             Comment.parent_id.in_(sa.select(parent.id)
                                                   .where(parent.author_id == user.id)))

    def comments(condition, limit):
        return list(db.session.scalars(
            sa.select(Comment).join(Proposal, Comment.proposal_id == Proposal.id)
            .where(new_comment, condition)
            .options(contains_eager(Comment.proposal), joinedload(Comment.author))
            .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit)))

    replies = comments(is_reply_to_me, SHOWN)
    others = comments(sa.not_(is_reply_to_me) | Comment.parent_id.is_(None), SHOWN)
    total = db.session.scalar(
        sa.select(sa.func.count(Comment.id)).join(Proposal, Comment.proposal_id == Proposal.id)
        .where(new_comment)) or 0
    proposals = list(db.session.scalars(
        sa.select(Proposal)
        .where(Proposal.visible_to(user), Proposal.created_at > since,
               Proposal.author_id != user.id)
        .options(joinedload(Proposal.author))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc()).limit(SHOWN)))
    return ProposalNews(since=since, first_visit=previous is None, replies=replies,
                        comments=others, comments_total=total,
                        proposals=proposals)


def adopted(user, limit: int) -> list[Activity]:
    """Recent activity: proposals adopted, among those ``user`` may read. One query."""
    rows = db.session.execute(
        sa.select(Proposal.id, Proposal.title, sa.func.max(ProposalStatusChange.at))
        .join(ProposalStatusChange, ProposalStatusChange.proposal_id == Proposal.id)
        .where(Proposal.visible_to(user), ProposalStatusChange.to_status == ProposalStatus.ADOPTED,
               Proposal.status == ProposalStatus.ADOPTED)
        .group_by(Proposal.id, Proposal.title)
        .order_by(sa.func.max(ProposalStatusChange.at).desc(), Proposal.id.desc())
        .limit(limit)).all()
    return [Activity(at=at, kind=_l("Proposta adottata"), title=title,
                     url=url_for("proposals.detail", proposal_id=proposal_id))
            for proposal_id, title, at in rows]
