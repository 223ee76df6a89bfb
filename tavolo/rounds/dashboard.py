"""What the dashboard shows of priority rounds: ballots waiting for me, results of the
rounds I voted in. A fixed number of queries whatever the number of rounds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_timedelta

from tavolo.extensions import db
from tavolo.rounds.models import PriorityRound, ResultsVisibility
from tavolo.rounds.services.electorate import ballots_cast, rounds_awaiting_vote
from tavolo.types import utcnow

RESULTS_WINDOW = dt.timedelta(days=30)
RESULTS_SHOWN = 5
AWAITING_SHOWN = 5


@dataclass
class Waiting:
    round: PriorityRound
    time_left: str


@dataclass
class RoundsOverview:
    awaiting: list[Waiting]
    awaiting_total: int
    results: list[PriorityRound]

    def __bool__(self) -> bool:
        return bool(self.awaiting or self.results)


def voted_with_results(user, now: dt.datetime | None = None) -> list[PriorityRound]:
    """Rounds of the last 30 days whose results ``user`` may read and in which ``user`` (or
    their organisation) cast a ballot, newest first. Three queries at most."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(PriorityRound)
        .where(PriorityRound.visible_to(user), PriorityRound.opens_at <= now,
               PriorityRound.closes_at > now - RESULTS_WINDOW,
               sa.or_(PriorityRound.closes_at <= now,
                      sa.and_(PriorityRound.results_visibility == ResultsVisibility.LIVE,
                              PriorityRound.secret.is_(False))))
        .order_by(PriorityRound.closes_at.desc(), PriorityRound.id.desc())
        .limit(RESULTS_SHOWN * 2)).all()
    candidates = [r for r in candidates if r.results_visible(user, now)]
    _, voted = ballots_cast(user, candidates)
    return [r for r in candidates if r.id in voted][:RESULTS_SHOWN]


def rounds_for(user) -> RoundsOverview:
    now = utcnow()
    rounds = rounds_awaiting_vote(user, now)
    awaiting = [Waiting(r, format_timedelta(r.closes_at - now, threshold=1.1))
                for r in rounds[:AWAITING_SHOWN]]
    return RoundsOverview(awaiting=awaiting, awaiting_total=len(rounds),
                          results=voted_with_results(user, now))
