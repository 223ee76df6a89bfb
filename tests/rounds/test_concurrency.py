"""Ballots arriving at the same time, on PostgreSQL, with real threads.

Each thread has its own application context, hence its own database session and
connection, as concurrent requests in production. SQLite serialises writers, so these
tests run on PostgreSQL; the unique constraint they rely on is tested on both databases
in ``test_ballots.py``.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from tavolo.auth.models import Role, User
from tavolo.extensions import db
from tavolo.rounds.ballot_rules import BallotRejected
from tavolo.rounds.models import Ballot, BallotEntry, PriorityRound
from tavolo.rounds.services import ballots, rounds
from tavolo.types import utcnow
from tests.factories import make_proposal, make_round

pytestmark = pytest.mark.postgres_only


def _run_together(app, jobs):
    """Run each job in its own thread and app context, all released at the same instant;
    return the exceptions raised (the jobs commit themselves)."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def worker(job):
        with app.app_context():
            try:
                prepared = job["prepare"]()
                barrier.wait(timeout=30)
                job["act"](*prepared)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 - reported to the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def _cast_job(user_id, round_id, values):
    def prepare():
        return db.session.get(User, user_id), db.session.get(PriorityRound, round_id)

    return {"prepare": prepare, "act": lambda user, round_: ballots.cast_ballot(
        user, round_, values)}


@pytest.fixture
def busy_app(make_app):
    """The app with enough connections for every thread at once."""
    return make_app(SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": 10,
                                               "max_overflow": 50, "pool_timeout": 30})


def test_the_same_voter_from_two_tabs_at_once_ends_with_one_ballot(busy_app, people):
    round_ = make_round(method="dots")
    a, b, c = (item.proposal_id for item in round_.items)
    first, second = {a: 5, b: 5}, {c: 4}
    for _attempt in range(5):
        errors = _run_together(busy_app, [
            _cast_job(people["member"].id, round_.id, first),
            _cast_job(people["member"].id, round_.id, second)])
        assert errors == []
        db.session.expire_all()
        stored = db.session.scalars(sa.select(Ballot).where(Ballot.round_id == round_.id)).all()
        assert len(stored) == 1
        values = {e.proposal_id: e.value for e in db.session.scalars(
            sa.select(BallotEntry).where(BallotEntry.ballot_id == stored[0].id))}
        assert values in (first, second)  # one of the two, never a mix


def _many_voters(people, prefix: str, name: str, role: Role, count: int) -> list[int]:
    """``count`` accounts inserted in one statement (with the member's password hash, so
    no hashing slows the test); their ids."""
    hashed = people["member"].password_hash
    db.session.execute(sa.insert(User), [
        {"email": f"{prefix}{n}@example.org", "name": f"{name} {n}", "role": role,
         "locale": "it", "active": True, "password_hash": hashed,
         "security_stamp": f"{prefix}{n}"}
        for n in range(count)])
    db.session.commit()
    return db.session.scalars(sa.select(User.id).where(
        User.email.like(f"{prefix}%@example.org"))).all()


def test_fifty_voters_at_once_are_all_counted(busy_app, people):
    proposals = [make_proposal(people["partner"]) for _ in range(3)]
    round_ = make_round(proposals, method="approval", electorate="network")
    voter_ids = _many_voters(people, "votante", "Votante", Role.MEMBER, 50)
    target = proposals[0].id
    errors = _run_together(busy_app, [_cast_job(uid, round_.id, {target: 1})
                                      for uid in voter_ids])
    assert errors == []
    assert ballots.count_ballots(round_) == 50
    db.session.expire_all()
    from tavolo.rounds.services.results import build_results

    assert build_results(db.session.get(PriorityRound, round_.id)).tally.row(target).value == 50


def test_a_ballot_one_second_after_the_close_is_refused(busy_app, people):
    round_ = make_round()
    round_.closes_at = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    errors = _run_together(busy_app, [_cast_job(people["member"].id, round_.id, {})])
    assert len(errors) == 1 and isinstance(errors[0], ballots.NotAllowedToVote)
    assert ballots.count_ballots(round_) == 0


def test_closing_while_ballots_arrive_leaves_none_saved_after_the_close(busy_app, people):
    proposals = [make_proposal(people["partner"]) for _ in range(2)]
    round_ = make_round(proposals, method="approval", electorate="network")
    voter_ids = _many_voters(people, "tardivo", "Tardivo", Role.PARTNER, 20)

    def prepare_close():
        return db.session.get(User, people["coordinator"].id), \
            db.session.get(PriorityRound, round_.id)

    jobs = [_cast_job(uid, round_.id, {proposals[0].id: 1}) for uid in voter_ids]
    jobs.insert(10, {"prepare": prepare_close, "act": rounds.close_now})
    errors = _run_together(busy_app, jobs)
    assert all(isinstance(e, (ballots.NotAllowedToVote, BallotRejected)) for e in errors)
    db.session.expire_all()
    closed = db.session.get(PriorityRound, round_.id)
    saved = db.session.scalars(sa.select(Ballot).where(Ballot.round_id == round_.id)).all()
    assert len(saved) + len(errors) == 20
    assert all(ballot.updated_at <= closed.closes_at for ballot in saved)
