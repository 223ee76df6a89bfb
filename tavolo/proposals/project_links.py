"""Proposals about a project, for the project's page (``tavolo.links``).

One query per provider whatever the number of projects shown, filtered by what the reader
may see: proposals by their visibility (and their own, for authors), rounds by electorate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.extensions import db
from tavolo.links import LinkProvider
from tavolo.proposals.models import Proposal, proposal_projects


def proposals_for_projects(projects: Sequence, user) -> dict[int, list[Proposal]]:
    ids = [p.id for p in projects]
    rows = db.session.execute(
        sa.select(proposal_projects.c.project_id, Proposal)
        .join(Proposal, Proposal.id == proposal_projects.c.proposal_id)
        .where(proposal_projects.c.project_id.in_(ids), Proposal.visible_to(user))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())).all()
    found: dict[int, list[Proposal]] = defaultdict(list)
    for project_id, proposal in rows:
        found[project_id].append(proposal)
    return found


PROPOSALS = LinkProvider(key="proposals", title=_l("Proposte"), order=30,
                         template="proposals/_project_proposals.html",
                         load=proposals_for_projects)
