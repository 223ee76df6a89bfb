"""Casting ballots: one per voter, changeable until the close, every rule on the server."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tavolo.extensions import db
from tavolo.rounds.ballot_rules import BallotRejected
from tavolo.rounds.models import Ballot, BallotEntry
from tavolo.rounds.services import ballots
from tavolo.types import utcnow
from tests.factories import make_person, make_round, make_user


def _ballots(round_):
    return db.session.scalars(sa.select(Ballot).where(Ballot.round_id == round_.id)).all()


def test_casting_again_changes_the_same_ballot_and_gives_a_new_receipt(people):
    round_ = make_round()
    first, second, third = (item.proposal_id for item in round_.items)
    ballot = ballots.cast_ballot(people["member"], round_, {first: 5, second: 5})
    db.session.commit()
    receipt = ballot.receipt
    changed = ballots.cast_ballot(people["member"], round_, {third: 4})
    db.session.commit()
    assert changed.id == ballot.id
    assert changed.receipt != receipt
    assert len(_ballots(round_)) == 1
    assert ballots.ballot_values(ballots.my_ballot(round_, people["member"])) == {third: 4}


def test_a_refused_ballot_writes_nothing_and_keeps_the_previous_one(people):
    round_ = make_round()
    first, second, third = (item.proposal_id for item in round_.items)
    ballots.cast_ballot(people["member"], round_, {first: 3})
    db.session.commit()
    with pytest.raises(BallotRejected):
        ballots.cast_ballot(people["member"], round_, {first: 5, second: 5, third: 5})
    db.session.rollback()
    assert ballots.ballot_values(ballots.my_ballot(round_, people["member"])) == {first: 3}


def test_partners_cannot_vote_in_core_rounds(people):
    round_ = make_round(electorate="core")
    with pytest.raises(ballots.NotAllowedToVote):
        ballots.cast_ballot(people["partner"], round_, {})
    network = make_round(electorate="network")
    ballots.cast_ballot(people["partner"], network, {})
    db.session.commit()
    assert len(_ballots(network)) == 1


def test_a_ballot_one_second_after_the_close_is_refused(people):
    round_ = make_round()
    closes = round_.closes_at
    with pytest.raises(ballots.NotAllowedToVote) as problem:
        ballots.cast_ballot(people["member"], round_, {}, now=closes + dt.timedelta(seconds=1))
    assert "chiusa" in str(problem.value)
    with pytest.raises(ballots.NotAllowedToVote):
        ballots.cast_ballot(people["member"], round_, {}, now=closes)  # the close is excluded
    ballots.cast_ballot(people["member"], round_, {}, now=closes - dt.timedelta(seconds=1))


def test_no_ballot_before_the_opening(people):
    round_ = make_round(opens_in=dt.timedelta(hours=1), closes_in=dt.timedelta(days=1))
    with pytest.raises(ballots.NotAllowedToVote) as problem:
        ballots.cast_ballot(people["member"], round_, {})
    assert "non è ancora aperta" in str(problem.value)


def test_the_close_is_read_again_from_the_database_when_casting(people):
    """A round closed by another request after this one loaded it refuses the ballot."""
    round_ = make_round()
    db.session.execute(sa.update(round_.__class__).where(round_.__class__.id == round_.id)
                       .values(closes_at=utcnow() - dt.timedelta(seconds=1)))
    db.session.commit()
    with pytest.raises(ballots.NotAllowedToVote):
        ballots.cast_ballot(people["member"], round_, {})


def test_one_ballot_per_organisation_shared_by_its_people(people):
    round_ = make_round(ballot_unit="organization", electorate="core")
    first, second, _third = (item.proposal_id for item in round_.items)
    ballots.cast_ballot(people["member"], round_, {first: 5})
    db.session.commit()
    # The coordinator belongs to the same organisation: same ballot, now changed.
    assert ballots.ballot_values(ballots.my_ballot(round_, people["coordinator"])) == {first: 5}
    ballots.cast_ballot(people["coordinator"], round_, {second: 2})
    db.session.commit()
    assert len(_ballots(round_)) == 1
    assert ballots.ballot_values(ballots.my_ballot(round_, people["member"])) == {second: 2}


def test_per_organisation_rounds_refuse_people_without_an_organisation(people):
    round_ = make_round(ballot_unit="organization")
    loner = make_user("member")
    make_person(user=loner, organization=None)
    with pytest.raises(ballots.NotAllowedToVote) as problem:
        ballots.cast_ballot(loner, round_, {})
    assert "ente" in str(problem.value)


def test_deactivated_accounts_cannot_vote(people):
    round_ = make_round()
    people["member"].active = False
    db.session.commit()
    with pytest.raises(ballots.NotAllowedToVote):
        ballots.cast_ballot(people["member"], round_, {})


def test_withdrawing_removes_the_ballot_and_its_entries(people):
    round_ = make_round()
    first = round_.items[0].proposal_id
    ballots.cast_ballot(people["member"], round_, {first: 2})
    db.session.commit()
    assert ballots.withdraw_ballot(people["member"], round_)
    db.session.commit()
    assert _ballots(round_) == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BallotEntry)) == 0


def test_the_database_itself_refuses_a_second_ballot_for_the_same_voter(people):
    """The guarantee behind "two tabs, one ballot" holds on SQLite as on PostgreSQL."""
    round_ = make_round()
    key = ballots.voter_hash(round_, f"user:{people['member'].id}")
    db.session.add(Ballot(round_id=round_.id, voter_hash=key, receipt="AAAAA-AAAAA"))
    db.session.commit()
    db.session.add(Ballot(round_id=round_.id, voter_hash=key, receipt="BBBBB-BBBBB"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_secret_ballots_store_no_identity_open_ballots_do(people):
    secret = make_round(secret=True)
    open_ = make_round(secret=False)
    ballots.cast_ballot(people["member"], secret, {})
    ballots.cast_ballot(people["member"], open_, {})
    db.session.commit()
    [hidden] = _ballots(secret)
    [shown] = _ballots(open_)
    assert hidden.user_id is None and hidden.organization_id is None
    assert shown.user_id == people["member"].id
    # Salted per round: the same voter cannot be followed from one round to another.
    assert hidden.voter_hash != shown.voter_hash
