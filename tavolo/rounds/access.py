"""Who may read or run a priority round, decided in one place for every round page."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.extensions import db, login_manager
from tavolo.rounds.models import PriorityRound
from tavolo.rounds.services.rounds import round_query


def get_round_or_404(round_id: int, need: str = "view") -> PriorityRound:
    """The round if the reader may ``view`` it (or ``manage`` it): 404 when it does not
    exist, the login page for visitors, 403 for members outside its electorate."""
    round_ = db.session.scalar(round_query().where(PriorityRound.id == round_id))
    if round_ is None:
        abort(404)
    if not round_.can_view(current_user):
        if not current_user.is_authenticated:
            abort(login_manager.unauthorized())
        abort(403)
    if need == "manage" and not round_.can_manage(current_user):
        abort(403)
    return round_
