"""Loading the example priority rounds into the demo network: a closed round whose results
decided some example proposals, and an open one. Idempotent: rounds are found by title, and a
round is added only while its proposals are all still open."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.proposals import demo_data as proposal_data
from tavolo.proposals import services as proposal_services
from tavolo.proposals.demo import at_hour
from tavolo.proposals.models import Proposal
from tavolo.rounds import demo_data
from tavolo.rounds.models import (
    BallotUnit,
    Electorate,
    PriorityRound,
    ResultsVisibility,
    VotingMethod,
)
from tavolo.rounds.services import ballots, electorate, rounds
from tavolo.types import utcnow

COORDINATOR = "coordinatore@example.org"


def _round(spec: dict, method: VotingMethod, proposals: dict[str, Proposal],
           users: dict[str, User], now: dt.datetime, created: Counter, **settings):
    if db.session.scalar(sa.select(PriorityRound.id).filter_by(title=spec["title"])):
        return None
    chosen = [proposals[key] for key in spec["proposals"]]
    if any(p.status.value != "open" for p in chosen):
        return None  # someone already put them in another vote: leave the data alone
    opens = at_hour(now, -spec["opened_days_ago"], 9)
    closes = (at_hour(now, -spec["closed_days_ago"], 18) if "closed_days_ago" in spec
              else at_hour(now, spec["closes_in_days"], 18))
    coordinator = users[COORDINATOR]
    round_ = rounds.create_round(coordinator, rounds.RoundSettings(
        title=spec["title"], description=spec["description"], method=method,
        opens_at=opens, closes_at=closes, proposals=chosen, **settings),
        is_example=True, now=opens - dt.timedelta(days=2))
    created["priority_rounds"] += 1
    for number, (email, values) in enumerate(spec["ballots"], start=1):
        ballots.cast_ballot(users[email], round_,
                            {proposals[key].id: value for key, value in values.items()},
                            now=min(opens + dt.timedelta(hours=5 * number), now))
        created["ballots"] += 1
    return round_



def load(created: Counter, now: dt.datetime | None = None) -> None:
    """Add the example rounds that are missing (after the example proposals)."""
    now = now or utcnow()
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    if COORDINATOR not in users:
        return
    titles = {p.title: p for p in db.session.scalars(sa.select(Proposal))}
    proposals = {key: titles[spec[1]] for key, spec in proposal_data.PROPOSALS.items()
                 if spec[1] in titles}
    closed = demo_data.CLOSED_ROUND
    if not all(key in proposals for key in closed["proposals"] + demo_data.OPEN_ROUND["proposals"]):
        return
    round_ = _round(closed, VotingMethod.DOTS, proposals, users, now, created,
                    electorate=Electorate.NETWORK, ballot_unit=BallotUnit.ORGANIZATION,
                    results_visibility=ResultsVisibility.AFTER_CLOSE, secret=True,
                    dots_budget=10, dots_max_per_proposal=5, quorum_percent=closed["quorum"])
    if round_ is not None:
        electorate.finalise(round_, now)
        decided = round_.closes_at + dt.timedelta(days=2)
        for key, status, note in closed["decisions"]:
            proposal_services.decide(users[COORDINATOR], proposals[key], status, note,
                                     now=decided)
    _round(demo_data.OPEN_ROUND, VotingMethod.SCHULZE, proposals, users, now, created,
           electorate=Electorate.NETWORK, ballot_unit=BallotUnit.PERSON,
           results_visibility=ResultsVisibility.LIVE, secret=False)
    db.session.flush()
