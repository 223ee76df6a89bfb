"""Who may read, edit or decide on a proposal, decided in one place for every page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from tavolo.extensions import db, login_manager
from tavolo.proposals.models import Proposal


def get_proposal_or_404(proposal_id: int, need: str = "view") -> Proposal:
    """The proposal, or 404 / login / 403: ``need`` is ``view``, ``edit`` or ``manage``."""
    proposal = db.session.scalar(
        sa.select(Proposal).where(Proposal.id == proposal_id)
        .options(joinedload(Proposal.author), joinedload(Proposal.organization),
                 joinedload(Proposal.resulting_project), selectinload(Proposal.projects)))
    if proposal is None:
        abort(404)
    if not proposal.can_view(current_user):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403)
    allowed = {"view": True, "edit": proposal.can_edit(current_user),
               "manage": proposal.can_change_status(current_user)}[need]
    if not allowed:
        abort(403)
    return proposal
