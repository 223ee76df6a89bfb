"""What of the proposals area can be searched: proposals and their comments.

Both follow the proposal's rule (its level, and its author sees it whatever the level);
removed comments are not indexed.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.extensions import db
from tavolo.proposals.models import Comment, Proposal
from tavolo.types import ROME


def _project_of(proposal: Proposal) -> int | None:
    if proposal.resulting_project_id is not None:
        return proposal.resulting_project_id
    return proposal.projects[0].id if proposal.projects else None


def _proposals(ids):
    rows = db.session.scalars(
        sa.select(Proposal).where(Proposal.id.in_(ids))
        .options(selectinload(Proposal.projects), selectinload(Proposal.author),
                 selectinload(Proposal.organization))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=p.id, title=p.title, body=p.body, visibility=p.visibility,
        owner_id=p.author_id, project_id=_project_of(p),
        year=p.created_at.astimezone(ROME).year, happened_at=p.created_at,
        context=" · ".join(filter(None, [p.author.name if p.author else "",
                                         p.organization.name if p.organization else ""])))
        for p in rows]


def _comments(ids):
    rows = db.session.scalars(
        sa.select(Comment).where(Comment.id.in_(ids), Comment.deleted_at.is_(None))
        .options(selectinload(Comment.proposal).selectinload(Proposal.projects),
                 selectinload(Comment.author))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=c.id, title=c.proposal.title, body=c.body, visibility=c.proposal.visibility,
        owner_id=c.proposal.author_id, parent_id=c.proposal_id,
        project_id=_project_of(c.proposal), year=c.created_at.astimezone(ROME).year,
        happened_at=c.created_at, context=c.author.name if c.author else "")
        for c in rows]


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="proposal", label=_l("Proposte"), model=Proposal, load=_proposals, order=30,
        url=lambda entry: url_for("proposals.detail", proposal_id=entry.object_id)))
    search.register(app, search.SearchSource(
        key="comment", label=_l("Commenti"), model=Comment, load=_comments, order=32,
        url=lambda entry: url_for("proposals.detail", proposal_id=entry.parent_id,
                                  _anchor=f"commento-{entry.object_id}"),
        follows={Proposal: lambda ids: sa.select(Comment.id).where(
            Comment.proposal_id.in_(ids))},
        fields={Proposal: ("title", "visibility", "author_id", "resulting_project_id",
                                  "projects")}))
