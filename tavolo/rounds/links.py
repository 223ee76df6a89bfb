"""Rounds about a project, for the project's page (``tavolo.links``): one query whatever
the number of projects shown, filtered by the round's electorate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.extensions import db
from tavolo.links import LinkProvider
from tavolo.proposals.models import proposal_projects
from tavolo.rounds.models import PriorityRound, RoundProposal


def rounds_for_projects(projects: Sequence, user) -> dict[int, list[PriorityRound]]:
    """Rounds in which at least one proposal linked to the project was put to the vote."""
    ids = [p.id for p in projects]
    rows = db.session.execute(
        sa.select(proposal_projects.c.project_id, PriorityRound)
        .join(RoundProposal, RoundProposal.proposal_id == proposal_projects.c.proposal_id)
        .join(PriorityRound, PriorityRound.id == RoundProposal.round_id)
        .where(proposal_projects.c.project_id.in_(ids), PriorityRound.visible_to(user))
        .distinct()
        .order_by(PriorityRound.closes_at.desc(), PriorityRound.id.desc())).all()
    found: dict[int, list[PriorityRound]] = defaultdict(list)
    for project_id, round_ in rows:
        found[project_id].append(round_)
    return found


ROUNDS = LinkProvider(key="priority_rounds", title=_l("Votazioni di priorità"), order=35,
                      template="rounds/_project_rounds.html", load=rounds_for_projects)
