"""What the dashboard shows of priority rounds: ballots waiting for me, results of the
rounds I voted in. A fixed number of queries whatever the number of rounds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import format_timedelta
from sqlalchemy.orm import joinedload

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.rounds.models import Ballot, PriorityRound, ResultsVisibility
from tavolo.rounds.services import ballots as ballot_service
from tavolo.rounds.services.electorate import rounds_awaiting_vote
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
    if not candidates:
        return []
    person = db.session.scalar(sa.select(Person).where(Person.user_id == user.id)
                               .options(joinedload(Person.organization)))
    keys = {}
    for round_ in candidates:
        identity = ballot_service.identity_for(round_, user, person)
        if identity is not None:
            keys[round_.id] = ballot_service.voter_hash(round_, identity.key)
    if not keys:
        return []
    voted = set(db.session.scalars(
        sa.select(Ballot.round_id).where(sa.or_(*[
            sa.and_(Ballot.round_id == round_id, Ballot.voter_hash == key)
            for round_id, key in keys.items()]))))
    return [r for r in candidates if r.id in voted][:RESULTS_SHOWN]


def rounds_for(user) -> RoundsOverview:
    now = utcnow()
    rounds = rounds_awaiting_vote(user, now)
    awaiting = [Waiting(r, format_timedelta(r.closes_at - now, threshold=1.1))
                for r in rounds[:AWAITING_SHOWN]]
    return RoundsOverview(awaiting=awaiting, awaiting_total=len(rounds),
                          results=voted_with_results(user, now))
