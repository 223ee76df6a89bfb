"""Loading the example proposals and comments into the demo network (the rounds over them:
``tavolo/rounds/demo.py``).

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
from tavolo.types import ROME, utcnow


def at_hour(now: dt.datetime, days: int, hour: int) -> dt.datetime:
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
            now=at_hour(now, -days, 10))
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
                                   now=at_hour(now, -days, 11))
    by_id = {}
    for key, cid, parent, email, days, text, removed in demo_data.COMMENTS:
        if key not in fresh:
            continue
        comment, _new = comments.add_comment(
            users[email], found[key], text, parent=by_id.get(parent), notify=False,
            is_example=True, now=at_hour(now, -days, 15) + dt.timedelta(minutes=len(by_id)))
        if removed:
            comments.delete_comment(users[email], comment, now=comment.created_at)
        by_id[cid] = comment
        created["comments"] += 1
    return found


def load_proposals_demo(password: str, now: dt.datetime | None = None) -> Counter:
    """Add the example proposals and comments that are missing."""
    now = now or utcnow()
    created: Counter[str] = Counter()
    users = _people(password, created)
    if "coordinatore@example.org" not in users:
        return created
    _proposals(users, now, created)
    db.session.flush()
    return created
