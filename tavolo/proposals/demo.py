"""Loading the example proposals, comments and rounds into the demo network.

Idempotent: people are found by e-mail, proposals and rounds by title; what belongs to a
proposal or a round (comments, versions, ballots, decisions) is added only together with
it. Everything goes through the same services the pages use, with past dates, so the
demo obeys the same rules as real data (budgets, windows, statuses).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa

from tavolo.auth.models import Role, User
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.proposals import comments, demo_data, services
from tavolo.proposals.models import Proposal
from tavolo.rounds.models import (
    BallotUnit,
    Electorate,
    PriorityRound,
    ResultsVisibility,
    VotingMethod,
)
from tavolo.rounds.services import ballots, electorate, rounds
from tavolo.types import ROME, utcnow


def _day(now: dt.datetime, days: int, hour: int) -> dt.datetime:
    """``days`` from ``now`` (negative: ago) at ``hour`` o'clock, Italian time, in UTC."""
    local = (now.astimezone(ROME) + dt.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0)
    return local.astimezone(dt.UTC)


def _people(password: str, created: Counter) -> dict[str, User]:
    users = {u.email: u for u in db.session.scalars(sa.select(User))}
    for email, name, role, org_name, job in demo_data.PEOPLE:
        if email in users:
            continue
        org = db.session.scalar(sa.select(Organization).filter_by(name=org_name))
        if org is None:
            continue
        user = User(email=email, name=name, role=Role(role), locale="it", active=True)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        db.session.add(Person(name=name, organization=org, role=job, email=email,
                              user_id=user.id, is_example=True))
        users[email] = user
        created["users"] += 1
        created["people"] += 1
    db.session.flush()
    return users


def _proposals(users: dict[str, User], now: dt.datetime, created: Counter) -> dict[str, Proposal]:
    existing = {p.title: p for p in db.session.scalars(sa.select(Proposal))}
    projects = {p.code: p for p in db.session.scalars(sa.select(Project))}
    found: dict[str, Proposal] = {}
    fresh: set[str] = set()
    for key, (email, title, visibility, codes, days, body) in demo_data.PROPOSALS.items():
        if title in existing:
            found[key] = existing[title]
            continue
        author = users[email]
        person = db.session.scalar(sa.select(Person).where(Person.user_id == author.id))
        found[key] = services.create_proposal(
            author, title=title, body=body, visibility=visibility,
            organization=person.organization if person else None,
            projects=[projects[c] for c in codes if c in projects], is_example=True,
            now=_day(now, -days, 10))
        fresh.add(key)
        created["proposals"] += 1
    for key, days, body in demo_data.EDITS:
        if key in fresh:
            proposal = found[key]
            services.edit_proposal(proposal.author, proposal, expected_version=proposal.version,
                                   title=proposal.title, body=body,
                                   visibility=proposal.visibility,
                                   organization=proposal.organization,
                                   projects=list(proposal.projects),
                                   now=_day(now, -days, 11))
    by_id = {}
    for key, cid, parent, email, days, text, removed in demo_data.COMMENTS:
        if key not in fresh:
            continue
        comment, _new = comments.add_comment(
            users[email], found[key], text, parent=by_id.get(parent), notify=False,
            is_example=True, now=_day(now, -days, 15) + dt.timedelta(minutes=len(by_id)))
        if removed:
            comments.delete_comment(users[email], comment, now=comment.created_at)
        by_id[cid] = comment
        created["comments"] += 1
    return found


def _round(spec: dict, method: VotingMethod, proposals: dict[str, Proposal],
           users: dict[str, User], now: dt.datetime, created: Counter, **settings):
    if db.session.scalar(sa.select(PriorityRound.id).filter_by(title=spec["title"])):
        return None
    chosen = [proposals[key] for key in spec["proposals"]]
    if any(p.status.value != "open" for p in chosen):
        return None  # someone already put them in another vote: leave the data alone
    opens = _day(now, -spec["opened_days_ago"], 9)
    closes = (_day(now, -spec["closed_days_ago"], 18) if "closed_days_ago" in spec
              else _day(now, spec["closes_in_days"], 18))
    coordinator = users["coordinatore@example.org"]
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


def load_proposals_demo(password: str, now: dt.datetime | None = None) -> Counter:
    """Add the example proposals, comments and rounds that are missing."""
    now = now or utcnow()
    created: Counter[str] = Counter()
    users = _people(password, created)
    if "coordinatore@example.org" not in users:
        return created
    proposals = _proposals(users, now, created)
    closed = demo_data.CLOSED_ROUND
    round_ = _round(closed, VotingMethod.DOTS, proposals, users, now, created,
                    electorate=Electorate.NETWORK, ballot_unit=BallotUnit.ORGANIZATION,
                    results_visibility=ResultsVisibility.AFTER_CLOSE, secret=True,
                    dots_budget=10, dots_max_per_proposal=5, quorum_percent=closed["quorum"])
    if round_ is not None:
        electorate.finalise(round_, now)
        decided = round_.closes_at + dt.timedelta(days=2)
        for key, status, note in closed["decisions"]:
            services.decide(users["coordinatore@example.org"], proposals[key], status, note,
                            now=decided)
    _round(demo_data.OPEN_ROUND, VotingMethod.SCHULZE, proposals, users, now, created,
           electorate=Electorate.NETWORK, ballot_unit=BallotUnit.PERSON,
           results_visibility=ResultsVisibility.LIVE, secret=False)
    db.session.flush()
    return created
