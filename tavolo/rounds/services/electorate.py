"""Who may vote in a round: the electorate, its size, and the rounds awaiting a vote.

The electorate is everyone who could cast a ballot: active logins with a password in the
round's group (core or the whole network), or, for one ballot per organisation, the
organisations having at least one such person. Its size is fixed once the round is seen
closed, so the turnout of past rounds does not drift as people join or leave.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from tavolo.auth.models import Role, User
from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.rounds.models import Ballot, BallotUnit, Electorate, PriorityRound
from tavolo.rounds.services import ballots as ballot_service
from tavolo.types import utcnow


def eligible_users(round_: PriorityRound) -> sa.Select:
    """Logins that can vote in ``round_``: active, with a password, in the electorate."""
    query = sa.select(User.id).where(User.active.is_(True), User.password_hash.is_not(None))
    if round_.electorate == Electorate.CORE:
        query = query.where(User.role.in_([Role.COORDINATOR, Role.MEMBER]))
    return query


def count_electorate(round_: PriorityRound) -> int:
    """How many could vote: people, or organisations having at least one such person."""
    users = eligible_users(round_).subquery()
    if round_.ballot_unit == BallotUnit.PERSON:
        return db.session.scalar(sa.select(sa.func.count()).select_from(users))
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Person.organization_id)))
        .join(users, users.c.id == Person.user_id)
        .where(Person.organization_id.is_not(None)))


def electorate_size(round_: PriorityRound, now: dt.datetime | None = None) -> int:
    """The size fixed at the close for closed rounds, the current one otherwise."""
    if round_.is_closed(now) and round_.electorate_size is not None:
        return round_.electorate_size
    return count_electorate(round_)


def finalise(round_: PriorityRound, now: dt.datetime | None = None) -> bool:
    """Fix the electorate size of a closed round once, so turnout no longer drifts as
    people join or leave; return whether it was fixed now."""
    if round_.is_closed(now) and round_.electorate_size is None:
        round_.electorate_size = count_electorate(round_)
        return True
    return False


def rounds_awaiting_vote(user, now: dt.datetime | None = None) -> list[PriorityRound]:
    """Open rounds ``user`` may vote in and has not voted in yet, closing first.

    For the dashboard. Two queries whatever the number of rounds; a ballot cast for the
    user's organisation counts as voted in rounds with one ballot per organisation.
    """
    now = now or utcnow()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    rounds = db.session.scalars(
        sa.select(PriorityRound)
        .where(PriorityRound.visible_to(user), PriorityRound.opens_at <= now,
               PriorityRound.closes_at > now)
        .order_by(PriorityRound.closes_at, PriorityRound.id)).all()
    rounds = [r for r in rounds if r.can_vote(user, now)]
    may_vote, voted = ballots_cast(user, rounds)
    return [r for r in rounds if r.id in may_vote and r.id not in voted]


def ballots_cast(user, rounds) -> tuple[set[int], set[int]]:
    """Of ``rounds``, the ids where ``user`` has a voting identity (their own, or their
    organisation's for rounds voted by organisation) and the ids where that identity has
    cast a ballot. At most two queries, whatever the number of rounds."""
    if not rounds:
        return set(), set()
    person = None
    if any(r.ballot_unit == BallotUnit.ORGANIZATION for r in rounds):
        person = db.session.scalar(sa.select(Person).where(Person.user_id == user.id)
                                   .options(joinedload(Person.organization)))
    keys: dict[int, str] = {}
    for round_ in rounds:
        identity = ballot_service.identity_for(round_, user, person)
        if identity is not None:
            keys[round_.id] = ballot_service.voter_hash(round_, identity.key)
    if not keys:
        return set(), set()
    voted = set(db.session.scalars(
        sa.select(Ballot.round_id).where(sa.or_(*[
            sa.and_(Ballot.round_id == round_id, Ballot.voter_hash == key)
            for round_id, key in keys.items()]))))
    return set(keys), voted
