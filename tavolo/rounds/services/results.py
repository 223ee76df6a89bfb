"""Results of a round: the tally with turnout and quorum, the chart, the CSV exports.

A constant number of queries whatever the number of ballots: the entries come in one
query, the names of open-ballot voters in one more, the receipts in one more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

import sqlalchemy as sa
from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import gettext as _

from tavolo.auth.models import User
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.proposals.models import Proposal
from tavolo.rounds import tally
from tavolo.rounds.models import Ballot, BallotEntry, PriorityRound, VotingMethod
from tavolo.rounds.services.electorate import electorate_size
from tavolo.spreadsheet import write_rows
from tavolo.types import utcnow


@dataclass
class OpenBallot:
    """A ballot of an open (non-secret) round, with its voter."""

    voter: str
    organization: str
    updated_at: dt.datetime
    values: dict[int, int]


@dataclass
class RoundResults:
    round: PriorityRound
    tally: tally.Tally
    proposals: dict[int, Proposal]
    ballots: int
    electorate: int
    quorum_needed: int
    closed: bool
    open_ballots: list[OpenBallot] | None = None
    receipts: list[str] | None = None
    viewer: object = None

    def title_of(self, proposal: Proposal) -> str:
        """The title, unless the reader may not read the proposal (its visibility changed
        after the vote): exports and the chart must not leak it either."""
        return proposal.title if proposal.can_view(self.viewer) else _("Proposta riservata")

    @property
    def turnout(self) -> Fraction | None:
        return Fraction(self.ballots, self.electorate) if self.electorate else None

    @property
    def has_quorum(self) -> bool:
        return bool(self.round.quorum_percent)

    @property
    def quorum_reached(self) -> bool:
        return self.ballots >= self.quorum_needed

    def rows(self):
        """``(row, proposal)`` pairs in ranking order."""
        return [(row, self.proposals[row.candidate]) for row in self.tally.rows]


def _entries(round_: PriorityRound) -> dict[int, dict[int, int]]:
    rows = db.session.execute(
        sa.select(Ballot.id, BallotEntry.proposal_id, BallotEntry.value)
        .select_from(Ballot).outerjoin(BallotEntry, BallotEntry.ballot_id == Ballot.id)
        .where(Ballot.round_id == round_.id)).all()
    ballots: dict[int, dict[int, int]] = {}
    for ballot_id, proposal_id, value in rows:
        values = ballots.setdefault(ballot_id, {})
        if proposal_id is not None:
            values[proposal_id] = value
    return ballots


def _open_ballots(round_: PriorityRound, entries: dict[int, dict[int, int]]) -> list[OpenBallot]:
    rows = db.session.execute(
        sa.select(Ballot.id, User.name, Organization.name, Ballot.updated_at)
        .select_from(Ballot)
        .outerjoin(User, User.id == Ballot.user_id)
        .outerjoin(Organization, Organization.id == Ballot.organization_id)
        .where(Ballot.round_id == round_.id)).all()
    ballots = [OpenBallot(voter=user_name or _("utente rimosso"), organization=org_name or "",
                          updated_at=updated_at, values=entries.get(ballot_id, {}))
               for ballot_id, user_name, org_name, updated_at in rows]
    return sorted(ballots, key=lambda b: (b.organization or b.voter).lower())


def counted_receipts(round_: PriorityRound) -> list[str]:
    """The receipts of the ballots counted, sorted (never in the order they were cast)."""
    return list(db.session.scalars(sa.select(Ballot.receipt)
                                   .where(Ballot.round_id == round_.id)
                                   .order_by(Ballot.receipt)))


def build_results(round_: PriorityRound, now: dt.datetime | None = None,
                  viewer=None) -> RoundResults:
    """Count the round as it stands for ``viewer`` (callers check that they may see the
    results)."""
    now = now or utcnow()
    entries = _entries(round_)
    candidates = [item.proposal_id for item in round_.items]
    result = tally.count(round_.method.value, candidates, list(entries.values()))
    size = electorate_size(round_, now)
    closed = round_.is_closed(now)
    return RoundResults(
        round=round_, tally=result,
        proposals={item.proposal_id: item.proposal for item in round_.items},
        ballots=len(entries), electorate=size, quorum_needed=round_.quorum_needed(size),
        closed=closed,
        open_ballots=None if round_.secret else _open_ballots(round_, entries),
        receipts=counted_receipts(round_) if closed and round_.secret else None,
        viewer=viewer,
    )


# Figures, formatted the reader's way.
def decimal(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(float(value), format=pattern, locale=str(get_locale()))


def percent(value: Fraction | None, digits: int = 1) -> str:
    return "–" if value is None else f"{decimal(value * 100, digits)}%"


def figure_columns(method: VotingMethod) -> list[tuple[str, str]]:
    """``(key, heading)`` of the figures each method shows, the first one ordering it."""
    if method == VotingMethod.DOTS:
        return [("points", _("Punti")), ("supporters", _("Sostenitori")),
                ("share", _("Quota"))]
    if method == VotingMethod.APPROVAL:
        return [("approvals", _("Approvazioni")), ("share", _("Quota"))]
    if method == VotingMethod.SCORE:
        return [("mean", _("Media (0–5)")), ("total", _("Somma")),
                ("count", _("Punteggi"))]
    return [("schulze_wins", _("Vittorie Schulze")),
            ("pairwise_wins", _("Vittorie dirette")),
            ("pairwise_ties", _("Pareggi")), ("pairwise_losses", _("Sconfitte"))]


def format_figure(key: str, value) -> str:
    if key == "share":
        return percent(value)
    if key == "mean":
        return decimal(value)
    return decimal(value, 0)


def rank_label(row) -> str:
    return _("%(rank)d° ex aequo", rank=row.rank) if row.tied else _("%(rank)d°", rank=row.rank)


def results_csv(results: RoundResults) -> bytes:
    """The ranking as a spreadsheet file (see :mod:`tavolo.spreadsheet`)."""
    columns = figure_columns(results.round.method)
    headers = ([_("Posizione"), _("Ex aequo"), _("Proposta"), _("Ente proponente")]
               + [heading for _key, heading in columns])
    return write_rows(headers, (
        [row.rank, _("sì") if row.tied else _("no"), results.title_of(proposal),
         proposal.organization.name if proposal.organization else ""]
        + [format_figure(key, row.figures[key]) for key, _heading in columns]
        for row, proposal in results.rows()))


def ballots_csv(results: RoundResults) -> bytes:
    """Open rounds only: one line per ballot, one column per proposal."""
    assert results.open_ballots is not None, "secret rounds never export ballots"
    proposals = [results.proposals[c] for c in (item.proposal_id for item in results.round.items)]
    headers = ([_("Votante"), _("Ente"), _("Ultima modifica")]
               + [results.title_of(p) for p in proposals])
    return write_rows(headers, (
        [ballot.voter, ballot.organization, ballot.updated_at.isoformat()]
        + [ballot.values.get(p.id, "") for p in proposals]
        for ballot in results.open_ballots))
