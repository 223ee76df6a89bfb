"""The demo network's example proposals, comments and rounds."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.proposals.models import Comment, Proposal, ProposalStatus
from tavolo.rounds.models import Ballot, PriorityRound
from tavolo.rounds.services import electorate
from tavolo.rounds.services.results import build_results


def _counts():
    return {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Proposal, Comment, PriorityRound, Ballot)}


def test_demo_has_example_proposals_and_rounds_and_loads_only_once(runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    proposals = db.session.scalars(sa.select(Proposal)).all()
    assert len(proposals) >= 6 and all(p.is_example for p in proposals)
    assert all(p.projects for p in proposals)
    assert all(c.is_example for c in db.session.scalars(sa.select(Comment)))
    assert any(c.is_deleted for c in db.session.scalars(sa.select(Comment)))
    by_phase = {r.phase().value: r for r in db.session.scalars(sa.select(PriorityRound))}
    assert set(by_phase) == {"open", "closed"}
    closed = by_phase["closed"]
    assert closed.is_example and closed.electorate_size is not None
    result = build_results(closed)
    assert result.ballots == 9 and result.quorum_reached
    assert [row.value for row in result.tally.rows] == [28, 22, 22, 18]
    assert result.tally.rows[1].tied and result.tally.rows[2].tied
    statuses = {p.title: p.status for p in proposals}
    assert ProposalStatus.ADOPTED in statuses.values()
    assert ProposalStatus.SET_ASIDE in statuses.values()
    open_round = by_phase["open"]
    assert not open_round.secret and build_results(open_round).ballots == 4
    # The demo logins have rounds waiting for them.
    partner = db.session.scalar(sa.select(User).filter_by(email="partner@example.org"))
    assert open_round in electorate.rounds_awaiting_vote(partner)

    # Running the demo again creates nothing twice.
    first = _counts()
    second = runner.invoke(args=["demo"])
    assert "nessun dato aggiunto" in second.output
    assert _counts() == first
