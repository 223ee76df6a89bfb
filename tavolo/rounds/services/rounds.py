"""Priority rounds: creating, changing, closing; who may vote; rounds awaiting a vote.

The rules of a round (method, proposals, electorate, ballot unit, secrecy) change only
while it is scheduled: once voting has started, only the texts and a later closing time
may change, so nobody votes under rules that move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from tavolo.audit.services import pending_changes, record
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.proposals.models import Proposal, ProposalStatus
from tavolo.proposals.services import set_status
from tavolo.rounds.models import (
    BallotUnit,
    Electorate,
    PriorityRound,
    ResultsVisibility,
    RoundPhase,
    RoundProposal,
    VotingMethod,
)
from tavolo.rounds.services import electorate as electorate_service
from tavolo.types import utcnow
from tavolo.visibility import Visibility

MIN_PROPOSALS = 2
MAX_PROPOSALS = 30


def _secret_and_live() -> str:
    return _("Con il voto segreto i risultati si vedono solo dopo la chiusura: i risultati "
             "durante la votazione sono possibili solo con il voto palese.")


class RoundError(DomainError):
    """The round cannot be saved or changed as asked; the message says why."""


@dataclass
class RoundSettings:
    """Everything the coordinator chooses for a round (the form's cleaned data)."""

    title: str
    description: str
    method: VotingMethod
    electorate: Electorate
    ballot_unit: BallotUnit
    opens_at: dt.datetime
    closes_at: dt.datetime
    results_visibility: ResultsVisibility
    secret: bool
    proposals: list[Proposal]
    dots_budget: int | None = None
    dots_max_per_proposal: int | None = None
    quorum_percent: int | None = None


def round_query():
    return sa.select(PriorityRound).options(
        selectinload(PriorityRound.items).joinedload(RoundProposal.proposal)
        .joinedload(Proposal.author),
        selectinload(PriorityRound.items).joinedload(RoundProposal.proposal)
        .joinedload(Proposal.organization))


def rounds_by_phase(user, now: dt.datetime | None = None) -> dict[RoundPhase, list]:
    """Rounds ``user`` may see, grouped: open (closing first), scheduled, closed (latest
    first). Two queries whatever the number of rounds."""
    now = now or utcnow()
    rounds = db.session.scalars(
        sa.select(PriorityRound).where(PriorityRound.visible_to(user))
        .options(selectinload(PriorityRound.items))
        .order_by(PriorityRound.closes_at.desc(), PriorityRound.id.desc())).all()
    grouped = {phase: [] for phase in RoundPhase}
    for round_ in rounds:
        grouped[round_.phase(now)].append(round_)
    grouped[RoundPhase.OPEN].reverse()
    grouped[RoundPhase.SCHEDULED].sort(key=lambda r: r.opens_at)
    return grouped


def eligible_proposals(electorate: Electorate | str, keep: list[Proposal] = ()) -> list[Proposal]:
    """Proposals that may be put in a round: open for comments, readable by the whole
    electorate (a network round cannot show partners a core-only proposal)."""
    levels = [Visibility.PUBLIC, Visibility.NETWORK]
    if Electorate(electorate) == Electorate.CORE:
        levels.append(Visibility.CORE)
    keep_ids = [p.id for p in keep]
    condition = sa.and_(Proposal.status == ProposalStatus.OPEN, Proposal.visibility.in_(levels))
    if keep_ids:
        condition = sa.or_(condition, Proposal.id.in_(keep_ids))
    return list(db.session.scalars(
        sa.select(Proposal).where(condition).options(joinedload(Proposal.organization))
        .order_by(Proposal.created_at.desc())))


def _check(settings: RoundSettings, now: dt.datetime, round_: PriorityRound | None) -> None:
    if not settings.title.strip():
        raise RoundError(_("Scrivi il titolo della votazione."))
    if settings.closes_at <= settings.opens_at:
        raise RoundError(_("La chiusura deve venire dopo l'apertura."))
    if settings.closes_at <= now:
        raise RoundError(_("La chiusura deve essere nel futuro."))
    if settings.method == VotingMethod.DOTS:
        budget, most = settings.dots_budget, settings.dots_max_per_proposal
        if not budget or budget < 1:
            raise RoundError(_("Indica quanti punti ha ogni votante (almeno 1)."))
        if not most or not 1 <= most <= budget:
            raise RoundError(_("Il massimo di punti su una proposta va da 1 al numero di punti "
                               "di ogni votante."))
    if settings.secret and settings.results_visibility == ResultsVisibility.LIVE and (
            round_ is None or round_.can_edit_rules(now)):
        raise RoundError(_secret_and_live())
    if settings.quorum_percent is not None and not 0 <= settings.quorum_percent <= 100:
        raise RoundError(_("Il quorum è una percentuale da 0 a 100."))
    count = len({p.id for p in settings.proposals})
    if not MIN_PROPOSALS <= count <= MAX_PROPOSALS:
        raise RoundError(_("Una votazione mette a confronto da %(low)d a %(high)d proposte.",
                           low=MIN_PROPOSALS, high=MAX_PROPOSALS))
    already = {item.proposal_id for item in round_.items} if round_ else set()
    allowed = {p.id for p in eligible_proposals(settings.electorate)} | already
    refused = [p for p in settings.proposals if p.id not in allowed]
    if refused:
        raise RoundError(_("«%(title)s» non può entrare in questa votazione: dev'essere aperta "
                           "ai commenti, fuori da altre votazioni e leggibile da tutto "
                           "l'elettorato.", title=refused[0].title))
    if round_ is not None:
        wrong = [p for p in settings.proposals if p.id in already and not
                 _readable_by(settings.electorate, p)]
        if wrong:
            raise RoundError(_("«%(title)s» non è leggibile da tutto l'elettorato scelto.",
                               title=wrong[0].title))


def _readable_by(electorate: Electorate, proposal: Proposal) -> bool:
    if electorate == Electorate.CORE:
        return proposal.visibility != Visibility.PRIVATE
    return proposal.visibility in (Visibility.PUBLIC, Visibility.NETWORK)


def _apply(round_: PriorityRound, settings: RoundSettings) -> None:
    round_.title = settings.title.strip()
    round_.description = settings.description.strip()
    round_.method = settings.method
    round_.electorate = settings.electorate
    round_.ballot_unit = settings.ballot_unit
    round_.opens_at = settings.opens_at
    round_.closes_at = settings.closes_at
    round_.results_visibility = settings.results_visibility
    round_.secret = settings.secret
    round_.quorum_percent = settings.quorum_percent or None
    dots = settings.method == VotingMethod.DOTS
    round_.dots_budget = settings.dots_budget if dots else None
    round_.dots_max_per_proposal = settings.dots_max_per_proposal if dots else None


def _set_proposals(actor, round_: PriorityRound, proposals: list[Proposal],
                   now: dt.datetime) -> None:
    """Put the chosen proposals in the round; those taken out go back to open for
    comments, those added go "in a vote". Voters see them in alphabetical order: no
    proposal gets the top of the ballot because it was picked first."""
    wanted: list[Proposal] = []
    for proposal in proposals:
        if proposal not in wanted:
            wanted.append(proposal)
    wanted.sort(key=lambda p: (p.title.casefold(), p.id))
    current = {item.proposal_id: item for item in round_.items}
    for proposal_id, item in current.items():
        if proposal_id not in {p.id for p in wanted}:
            set_status(actor, item.proposal, ProposalStatus.OPEN, round_id=round_.id, now=now,
                       note=_("Tolta dalla votazione «%(title)s».", title=round_.title))
            round_.items.remove(item)
    for position, proposal in enumerate(wanted):
        item = current.get(proposal.id)
        if item is None:
            round_.items.append(RoundProposal(proposal=proposal, position=position))
            set_status(actor, proposal, ProposalStatus.VOTING, round_id=round_.id, now=now,
                       note=_("Inserita nella votazione «%(title)s».", title=round_.title))
        else:
            item.position = position


def create_round(actor, settings: RoundSettings, *, is_example: bool = False,
                 now: dt.datetime | None = None) -> PriorityRound:
    now = now or utcnow()
    _check(settings, now, None)
    round_ = PriorityRound(created_by=actor, is_example=is_example, created_at=now,
                           updated_at=now)
    _apply(round_, settings)
    # The rules as set, for the audit log (read before the flush clears the history).
    changes = pending_changes(round_, exclude=("ballot_salt", "created_at", "updated_at"))
    changes["proposals"] = [None, [p.id for p in settings.proposals]]
    db.session.add(round_)
    db.session.flush()
    _set_proposals(actor, round_, settings.proposals, now)
    record(actor, "create", "priority_round", round_.id, round_.title, changes)
    db.session.flush()
    return round_


def update_round(actor, round_: PriorityRound, settings: RoundSettings,
                 now: dt.datetime | None = None) -> None:
    """Change a scheduled round freely; an open one only in its texts and a later close."""
    now = now or utcnow()
    phase = round_.phase(now)
    proposal_ids_before = [item.proposal_id for item in round_.items]
    if phase == RoundPhase.CLOSED:
        raise RoundError(_("La votazione è chiusa: non si può più modificare."))
    if phase == RoundPhase.OPEN:
        if settings.closes_at < round_.closes_at:
            raise RoundError(_("Durante il voto la chiusura si può solo posticipare; per "
                               "chiudere subito usa «Chiudi ora»."))
        round_.title = settings.title.strip() or round_.title
        round_.description = settings.description.strip()
        round_.closes_at = settings.closes_at
    else:
        _check(settings, now, round_)
        _apply(round_, settings)
        _set_proposals(actor, round_, settings.proposals, now)
    round_.updated_at = now
    changes = pending_changes(round_, exclude=("updated_at", "ballot_salt"))
    if phase == RoundPhase.SCHEDULED:
        before = sorted(proposal_ids_before)
        after = sorted(item.proposal.id for item in round_.items)
        if before != after:
            changes["proposals"] = [before, after]
    if changes:
        record(actor, "update", "priority_round", round_.id, round_.title, changes)
    db.session.flush()


def close_now(actor, round_: PriorityRound, now: dt.datetime | None = None) -> None:
    """End the vote at once. On PostgreSQL this waits for ballots being saved right now
    (they hold a shared lock on the round), so none is lost or half-counted."""
    db.session.scalars(sa.select(PriorityRound).where(PriorityRound.id == round_.id)
                       .with_for_update().execution_options(populate_existing=True)).one()
    now = now or utcnow()  # read under the lock: every ballot saved so far came before it
    if round_.phase(now) != RoundPhase.OPEN:
        raise RoundError(_("Si può chiudere solo una votazione aperta."))
    old = round_.closes_at
    round_.closes_at = now
    round_.updated_at = now
    record(actor, "close", "priority_round", round_.id, round_.title,
           {"closes_at": [old.isoformat(), now.isoformat()]})
    electorate_service.finalise(round_, now)
    db.session.flush()


def delete_round(actor, round_: PriorityRound, now: dt.datetime | None = None) -> None:
    """Only a round nobody could vote in yet; its proposals go back to open for comments."""
    now = now or utcnow()
    if round_.phase(now) != RoundPhase.SCHEDULED:
        raise RoundError(_("Si può eliminare solo una votazione non ancora aperta."))
    for item in list(round_.items):
        set_status(actor, item.proposal, ProposalStatus.OPEN, now=now,
                   note=_("La votazione «%(title)s» è stata annullata.", title=round_.title))
    record(actor, "delete", "priority_round", round_.id, round_.title)
    db.session.delete(round_)
    db.session.flush()
