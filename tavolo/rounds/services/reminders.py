"""Reminder mails of priority rounds: "a round is open" to every elector, "closing in 24
hours" to the electors who have not voted yet.

Each (round, user, kind) is sent at most once: a ``RoundReminder`` row is written in the
same transaction as the mail (through ``notify``, kind ``rounds``), one transaction per
user, so a run that stops halfway loses nothing and the next run sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.notifications.services import notify
from tavolo.outbox.mail import absolute_url
from tavolo.rounds.models import Ballot, PriorityRound, ReminderKind, RoundReminder
from tavolo.rounds.services import ballots as ballot_service
from tavolo.rounds.services.electorate import eligible_users
from tavolo.types import utcnow

CLOSING_WINDOW = dt.timedelta(hours=24)


@dataclass
class ReminderReport:
    opened: int = 0
    closing: int = 0


def has_voted(round_: PriorityRound, user) -> bool:
    """Whether a ballot exists for ``user`` (or the user's organisation) in ``round_``."""
    identity = ballot_service.identity_for(round_, user, person_loaded=False)
    if identity is None:
        return False
    key = ballot_service.voter_hash(round_, identity.key)
    return db.session.scalar(sa.select(Ballot.id).where(
        Ballot.round_id == round_.id, Ballot.voter_hash == key)) is not None


def _candidates(round_: PriorityRound, kind: ReminderKind) -> list[int]:
    """Ids of the electors not yet reminded of ``kind`` for ``round_``."""
    done = sa.select(RoundReminder.user_id).where(RoundReminder.round_id == round_.id,
                                                  RoundReminder.kind == kind)
    return list(db.session.scalars(
        sa.select(User.id).where(User.id.in_(eligible_users(round_).scalar_subquery()),
                                 User.id.not_in(done)).order_by(User.id)))


def _remind(round_: PriorityRound, user: User, kind: ReminderKind) -> bool:
    """Write the reminder row and the notification; False when it was already sent."""
    db.session.add(RoundReminder(round_id=round_.id, user_id=user.id, kind=kind))
    db.session.flush()
    link = absolute_url("rounds.detail", round_id=round_.id)
    if kind == ReminderKind.OPENED:
        subject = _l("Votazione aperta: %(title)s", title=round_.title)
    else:
        subject = _l("La votazione si chiude entro 24 ore: %(title)s", title=round_.title)
    notify(user, "rounds", template="round_reminder", subject=subject,
           category=f"round-{kind.value}",
           context={"round_": round_, "reminder": kind, "link": link, "recipient": user})
    return True


def send_reminders(now: dt.datetime | None = None) -> ReminderReport:
    """Remind the electors of every open round; commits once per user and reminder."""
    now = now or utcnow()
    report = ReminderReport()
    rounds = db.session.scalars(
        sa.select(PriorityRound).where(PriorityRound.opens_at <= now,
                                       PriorityRound.closes_at > now)
        .order_by(PriorityRound.closes_at, PriorityRound.id)).all()
    for round_ in rounds:
        kinds = [ReminderKind.OPENED]
        if round_.closes_at - now <= CLOSING_WINDOW:
            kinds.append(ReminderKind.CLOSING)
        for kind in kinds:
            for user_id in _candidates(round_, kind):
                user = db.session.get(User, user_id)
                if not round_.can_vote(user, now):
                    continue
                if kind == ReminderKind.CLOSING and has_voted(round_, user):
                    continue
                try:
                    _remind(round_, user, kind)
                except IntegrityError:  # another run sent it meanwhile
                    db.session.rollback()
                    continue
                except Exception:
                    db.session.rollback()
                    raise
                db.session.commit()
                if kind == ReminderKind.OPENED:
                    report.opened += 1
                else:
                    report.closing += 1
    return report
