"""Casting, changing and withdrawing ballots; receipts.

Every rule is enforced here, whatever the browser sent: the round must be open at the
moment the ballot is saved, the voter must belong to the electorate, the values must obey
the method (see :mod:`tavolo.rounds.ballot_rules`). One ballot per voter is guaranteed
by the database (a unique constraint on the round and the voter's hash) and the ballot is
written with one upsert, so two tabs submitting at once end with one ballot, the last one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload

from tavolo.directory.models import Organization, Person
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.rounds.ballot_rules import BallotRejected, BallotRules, validate
from tavolo.rounds.models import Ballot, BallotEntry, BallotUnit, PriorityRound, VotingMethod
from tavolo.types import utcnow

# No 0/O, 1/I/L: a receipt is read aloud and copied by hand.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class NotAllowedToVote(DomainError):
    """The user cannot vote in this round now; the message says why."""


@dataclass(frozen=True)
class VoterIdentity:
    """Who a ballot belongs to: a person, or an organisation for per-organisation rounds."""

    key: str
    organization: Organization | None = None


def voter_hash(round_: PriorityRound, key: str) -> str:
    """The keyed hash that finds a voter's ballot without naming the voter."""
    return hmac.new(round_.ballot_salt.encode(), key.encode(), hashlib.sha256).hexdigest()


def new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{code[:5]}-{code[5:]}"


def identity_for(round_: PriorityRound, user, person: Person | None = None,
                 person_loaded: bool = True) -> VoterIdentity | None:
    """The voter ``user`` casts for in ``round_``; ``None`` when a per-organisation round
    finds no organisation on the user's directory entry."""
    if round_.ballot_unit == BallotUnit.PERSON:
        return VoterIdentity(f"user:{user.id}")
    if not person_loaded:
        person = db.session.scalar(sa.select(Person).where(Person.user_id == user.id)
                                   .options(joinedload(Person.organization)))
    if person is None or person.organization_id is None:
        return None
    return VoterIdentity(f"organization:{person.organization_id}", person.organization)


def rules_for(round_: PriorityRound) -> BallotRules:
    return BallotRules(method=round_.method.value,
                       candidates=tuple(item.proposal_id for item in round_.items),
                       budget=round_.dots_budget, max_per=round_.dots_max_per_proposal,
                       labels={item.proposal_id: item.proposal.title for item in round_.items})


def _lock_round(round_: PriorityRound) -> None:
    """Read the round again under a shared lock (PostgreSQL): "close now" waits for the
    ballots being saved, and a ballot saved after it sees the new closing time."""
    db.session.scalars(sa.select(PriorityRound).where(PriorityRound.id == round_.id)
                       .with_for_update(read=True)
                       .execution_options(populate_existing=True)).one()


def _check_can_vote(round_: PriorityRound, user, now: dt.datetime) -> VoterIdentity:
    if not round_.can_view(user) or not round_.in_electorate(user):
        raise NotAllowedToVote(_("Non fai parte dell'elettorato di questa votazione."))
    if now < round_.opens_at:
        raise NotAllowedToVote(_("La votazione non è ancora aperta."))
    if now >= round_.closes_at:
        raise NotAllowedToVote(_("La votazione è chiusa: la scheda non è stata registrata."))
    identity = identity_for(round_, user, person_loaded=False)
    if identity is None:
        raise NotAllowedToVote(_("In questa votazione si vota a nome del proprio ente, ma il "
                                 "tuo profilo non è collegato a nessun ente: chiedi al "
                                 "coordinamento di collegarlo."))
    return identity


def _insert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def cast_ballot(user, round_: PriorityRound, values: Mapping[int, int | None],
                now: dt.datetime | None = None) -> Ballot:
    """Save ``user``'s ballot (a new one, or a change to theirs); return it.

    Raises :class:`NotAllowedToVote` or :class:`~tavolo.rounds.ballot_rules.BallotRejected`
    and then writes nothing. Each save gets a new receipt: the published list shows only
    the receipts of the ballots counted, i.e. the last version of each.
    """
    _lock_round(round_)
    # The time is read once the lock is held: a ballot that waited for "close now" to
    # finish is judged against the new closing time, at the moment it is really saved.
    now = now or utcnow()
    identity = _check_can_vote(round_, user, now)
    entries = validate(rules_for(round_), values)
    in_the_open = not round_.secret
    columns = {
        "receipt": new_receipt(),
        "updated_at": now,
        "user_id": user.id if in_the_open else None,
        "organization_id": (identity.organization.id if identity.organization and in_the_open
                            else None),
    }
    insert = _insert(db.session.get_bind().dialect.name)(Ballot).values(
        round_id=round_.id, voter_hash=voter_hash(round_, identity.key), cast_at=now,
        **columns)
    upsert = insert.on_conflict_do_update(
        index_elements=[Ballot.round_id, Ballot.voter_hash],
        set_={name: getattr(insert.excluded, name) for name in columns},
    ).returning(Ballot.id)
    ballot_id = db.session.execute(upsert).scalar_one()
    db.session.execute(sa.delete(BallotEntry).where(BallotEntry.ballot_id == ballot_id))
    if entries:
        db.session.execute(sa.insert(BallotEntry), [
            {"ballot_id": ballot_id, "proposal_id": proposal_id, "value": value}
            for proposal_id, value in entries.items()])
    ballot = db.session.get(Ballot, ballot_id, populate_existing=True)
    db.session.expire(ballot, ["entries"])
    return ballot


def withdraw_ballot(user, round_: PriorityRound, now: dt.datetime | None = None) -> bool:
    """Take back one's ballot while the round is open; return whether there was one."""
    _lock_round(round_)
    now = now or utcnow()
    identity = _check_can_vote(round_, user, now)
    result = db.session.execute(sa.delete(Ballot).where(
        Ballot.round_id == round_.id, Ballot.voter_hash == voter_hash(round_, identity.key)))
    return bool(result.rowcount)


def my_ballot(round_: PriorityRound, user) -> Ballot | None:
    """The ballot ``user`` cast (or their organisation cast) in ``round_``, with its entries."""
    if not getattr(user, "is_authenticated", False):
        return None
    identity = identity_for(round_, user, person_loaded=False)
    if identity is None:
        return None
    return db.session.scalar(
        sa.select(Ballot).where(Ballot.round_id == round_.id,
                                Ballot.voter_hash == voter_hash(round_, identity.key))
        .options(selectinload(Ballot.entries)))


def ballot_values(ballot: Ballot | None) -> dict[int, int]:
    return {entry.proposal_id: entry.value for entry in ballot.entries} if ballot else {}


def count_ballots(round_: PriorityRound) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)
                             .where(Ballot.round_id == round_.id))


def describe_method(round_: PriorityRound) -> str:
    """One sentence with the rules of this round's ballot, for the voter."""
    if round_.method == VotingMethod.DOTS:
        return _("Hai %(budget)d punti da distribuire, al massimo %(most)d su una proposta. "
                 "Non sei obbligato a usarli tutti.", budget=round_.dots_budget,
                 most=round_.dots_max_per_proposal)
    if round_.method == VotingMethod.SCHULZE:
        return _("Dai a ogni proposta la sua posizione (1 = la preferita). Puoi mettere più "
                 "proposte alla stessa posizione; quelle senza posizione vengono dopo tutte "
                 "le altre.")
    if round_.method == VotingMethod.APPROVAL:
        return _("Segna tutte le proposte che approvi; puoi anche non segnarne nessuna.")
    return _("Dai a ogni proposta un punteggio da 0 (per niente prioritaria) a 5 (del tutto "
             "prioritaria).")


__all__ = [
    "BallotRejected",
    "NotAllowedToVote",
    "cast_ballot",
    "identity_for",
    "my_ballot",
    "rules_for",
    "voter_hash",
    "withdraw_ballot",
]
