"""Priority rounds (``votazioni di priorità``), their proposals and the ballots cast.

Secrecy is decided by the schema, not only by the pages: a ballot is found again by a
keyed hash of its voter (``voter_hash``, salted per round), which is what lets a voter
change it and stops anyone voting twice; the voter's user and organisation are written
on the ballot only in open (non-secret) rounds. In a secret round no table links a
person to what they voted, so no page, export or log can show it. (Whoever can read the
database and the round's salt can still test a given voter's hash: the secrecy is towards
the users of the application, as in any server-side vote without cryptographic ballots.)
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.proposals.models import Proposal
from tavolo.rounds import tally
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow


class VotingMethod(LabelledEnum):
    DOTS = tally.DOTS, _l("Punti da distribuire")
    SCHULZE = tally.SCHULZE, _l("Classifica (metodo Schulze)")
    APPROVAL = tally.APPROVAL, _l("Approvazione")
    SCORE = tally.SCORE, _l("Punteggio da 0 a 5")

    @property
    def help(self) -> str:
        return str(METHOD_HELP[self])


METHOD_LABELS = VotingMethod.labels()

METHOD_HELP = {
    VotingMethod.DOTS: _l("Ogni votante distribuisce i suoi punti tra le proposte, con un "
                          "massimo per proposta. Vince chi raccoglie più punti."),
    VotingMethod.SCHULZE: _l("Ogni votante mette le proposte in ordine di preferenza (anche a "
                             "pari merito). Le proposte si confrontano a coppie e vince quella "
                             "che batte le altre lungo le catene di preferenze più forti."),
    VotingMethod.APPROVAL: _l("Ogni votante approva tutte le proposte che sostiene. Vince chi "
                              "raccoglie più approvazioni."),
    VotingMethod.SCORE: _l("Ogni votante dà a ogni proposta un punteggio da 0 a 5. Vince la "
                           "media più alta."),
}


class Electorate(LabelledEnum):
    CORE = "core", _l("Gruppo ristretto")
    NETWORK = "network", _l("Tutta la rete (anche i partner)")


ELECTORATE_LABELS = Electorate.labels()


class BallotUnit(LabelledEnum):
    PERSON = "person", _l("Una scheda per persona")
    ORGANIZATION = "organization", _l("Una scheda per ente")


UNIT_LABELS = BallotUnit.labels()


class ResultsVisibility(LabelledEnum):
    LIVE = "live", _l("Visibili durante la votazione")
    AFTER_CLOSE = "after_close", _l("Visibili solo dopo la chiusura")


RESULTS_LABELS = ResultsVisibility.labels()


class RoundPhase(LabelledEnum):
    SCHEDULED = "scheduled", _l("Programmata")
    OPEN = "open", _l("Aperta al voto")
    CLOSED = "closed", _l("Chiusa")


PHASE_LABELS = RoundPhase.labels()


def new_salt() -> str:
    return secrets.token_hex(32)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


class PriorityRound(db.Model):
    """A vote that orders several proposals with one method."""

    __tablename__ = "priority_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    method: Mapped[VotingMethod] = mapped_column(str_enum(VotingMethod, "round_method", 20))
    dots_budget: Mapped[int | None] = mapped_column(doc="Dot voting: points per voter (K)")
    dots_max_per_proposal: Mapped[int | None] = mapped_column(
        doc="Dot voting: most points on one proposal (M)")
    electorate: Mapped[Electorate] = mapped_column(
        str_enum(Electorate, "round_electorate", 10), default=Electorate.CORE)
    ballot_unit: Mapped[BallotUnit] = mapped_column(
        str_enum(BallotUnit, "round_ballot_unit", 20), default=BallotUnit.PERSON)
    opens_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    results_visibility: Mapped[ResultsVisibility] = mapped_column(
        str_enum(ResultsVisibility, "round_results_visibility", 20),
        default=ResultsVisibility.AFTER_CLOSE)
    secret: Mapped[bool] = mapped_column(default=True)
    quorum_percent: Mapped[int | None] = mapped_column(
        doc="Share of the electorate that must vote for the result to be valid")
    ballot_salt: Mapped[str] = mapped_column(sa.String(64), default=new_salt)
    # How many could vote, fixed when the round is first seen closed (turnout stays stable).
    electorate_size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()
    items: Mapped[list[RoundProposal]] = relationship(
        back_populates="round", cascade="all, delete-orphan",
        order_by="(RoundProposal.position, RoundProposal.proposal_id)")

    __table_args__ = (
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        sa.CheckConstraint("quorum_percent IS NULL OR (quorum_percent >= 0 AND "
                           "quorum_percent <= 100)", name="quorum_is_a_percentage"),
        sa.CheckConstraint("method <> 'dots' OR (dots_budget >= 1 AND dots_max_per_proposal >= 1 "
                           "AND dots_max_per_proposal <= dots_budget)", name="dots_rules"),
    )

    def __repr__(self) -> str:
        return f"<PriorityRound {self.id} {self.title!r}>"

    @property
    def proposals(self) -> list[Proposal]:
        return [item.proposal for item in self.items]

    def phase(self, now: dt.datetime | None = None) -> RoundPhase:
        now = now or utcnow()
        if now < self.opens_at:
            return RoundPhase.SCHEDULED
        if now < self.closes_at:
            return RoundPhase.OPEN
        return RoundPhase.CLOSED

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.phase(now) == RoundPhase.OPEN

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        return self.phase(now) == RoundPhase.CLOSED

    # Permissions.
    @staticmethod
    def visible_to(user):
        """SQL condition: rounds ``user`` may see (mirrors :meth:`can_view`)."""
        if not _authenticated(user):
            return sa.false()
        if user.is_core:
            return sa.true()
        return PriorityRound.electorate == Electorate.NETWORK

    def can_view(self, user) -> bool:
        if not _authenticated(user):
            return False
        return user.is_core or self.electorate == Electorate.NETWORK

    def in_electorate(self, user) -> bool:
        """Whether ``user``'s role belongs to the electorate (the organisation is checked
        when the ballot is cast, for rounds with one ballot per organisation)."""
        if not _authenticated(user) or not user.is_active:
            return False
        return user.is_core if self.electorate == Electorate.CORE else True

    def can_vote(self, user, now: dt.datetime | None = None) -> bool:
        return self.in_electorate(user) and self.is_open(now)

    def can_manage(self, user) -> bool:
        return _authenticated(user) and user.is_coordinator

    def can_edit_rules(self, now: dt.datetime | None = None) -> bool:
        """Method, proposals and electorate change only before anyone can vote."""
        return self.phase(now) == RoundPhase.SCHEDULED

    @property
    def live_results(self) -> bool:
        """Results shown while voting: open (non-secret) rounds only. In a secret round,
        results read before and after a colleague votes would show that colleague's
        ballot, so they wait for the close whatever was chosen."""
        return self.results_visibility == ResultsVisibility.LIVE and not self.secret

    @property
    def results_label(self) -> str:
        return (ResultsVisibility.LIVE if self.live_results
                else ResultsVisibility.AFTER_CLOSE).label

    def results_visible(self, user, now: dt.datetime | None = None) -> bool:
        if not self.can_view(user):
            return False
        phase = self.phase(now)
        if phase == RoundPhase.CLOSED:
            return True
        return phase == RoundPhase.OPEN and self.live_results

    def quorum_needed(self, electorate_size: int) -> int:
        """Ballots needed for the quorum (rounded up); 0 without a quorum."""
        if not self.quorum_percent:
            return 0
        return -(-electorate_size * self.quorum_percent // 100)


class RoundProposal(db.Model):
    """A proposal in a round, in the order the voters see them."""

    __tablename__ = "round_proposals"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("priority_rounds.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="RESTRICT"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    round: Mapped[PriorityRound] = relationship(back_populates="items")
    proposal: Mapped[Proposal] = relationship()


class Ballot(db.Model):
    """One voter's ballot in one round (one row per voter: changing it updates the row)."""

    __tablename__ = "ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("priority_rounds.id", ondelete="CASCADE"))
    voter_hash: Mapped[str] = mapped_column(sa.String(64))
    receipt: Mapped[str] = mapped_column(sa.String(20))
    cast_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Open rounds only: who voted (the organisation for ballots per organisation).
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"))

    entries: Mapped[list[BallotEntry]] = relationship(
        back_populates="ballot", cascade="all, delete-orphan", passive_deletes=True)
    user: Mapped[User | None] = relationship()
    organization: Mapped[Organization | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("round_id", "voter_hash", name="uq_ballots_round_voter"),
        sa.UniqueConstraint("round_id", "receipt", name="uq_ballots_round_receipt"),
    )


class BallotEntry(db.Model):
    """The value a ballot gives one proposal (points, approval, score or rank)."""

    __tablename__ = "ballot_entries"

    ballot_id: Mapped[int] = mapped_column(
        sa.ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("proposals.id", ondelete="RESTRICT"), primary_key=True, index=True)
    value: Mapped[int]

    ballot: Mapped[Ballot] = relationship(back_populates="entries")

    __table_args__ = (sa.CheckConstraint("value >= 0", name="value_not_negative"),)


class ReminderKind(LabelledEnum):
    OPENED = "opened", _l("Votazione aperta")
    CLOSING = "closing", _l("Chiusura entro 24 ore")


class RoundReminder(db.Model):
    """One reminder mail of one kind sent for one round to one user: at most once
    (the primary key), whatever the number of runs of ``flask --app tavolo rounds remind``."""

    __tablename__ = "round_reminders"

    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("priority_rounds.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    kind: Mapped[ReminderKind] = mapped_column(
        str_enum(ReminderKind, "round_reminder_kind", 10), primary_key=True)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
