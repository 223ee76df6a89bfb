"""Agenda items that bring a proposal of the network to a meeting.

The proposals area knows nothing of meetings: it offers a registry of follow-ups
(``tavolo.proposals.followups``). From here the meetings area adds "take it to the agenda of
the next meeting" (a prefilled agenda-item form) and the section of the proposal page that
lists the agenda items about it. An item shows its proposal only to readers who may read
the proposal; linking one is refused when some reader of the meeting could not
(:func:`tavolo.meetings.services.agenda.proposal_fits`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager, joinedload

from tavolo.directory.models import Person
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Meeting, MeetingStatus
from tavolo.meetings.services import agenda
from tavolo.meetings.services.invitations import may_attend
from tavolo.proposals.models import Proposal, ProposalStatus
from tavolo.types import utcnow
from tavolo.visibility import Visibility

# Upcoming meetings offered as a destination: a year of monthly meetings and then some.
MAX_TARGETS = 30
DESCRIPTION_PREFILL = 1_000
_STATUS_ORDER = [ProposalStatus.ADOPTED, ProposalStatus.VOTING, ProposalStatus.OPEN,
                 ProposalStatus.SET_ASIDE]


def can_take_to_agenda(proposal: Proposal, user) -> bool:
    """Coordinators bring adopted proposals to a meeting (the follow-up button)."""
    return (bool(getattr(user, "is_authenticated", False)) and user.is_coordinator
            and proposal.status == ProposalStatus.ADOPTED and proposal.can_view(user))


def proposal_choices(meeting: Meeting, user, current: Proposal | None = None) -> list[Proposal]:
    """Proposals ``user`` may read and may link to ``meeting``, adopted ones first (one query).

    The item's current proposal stays in the list even when it no longer fits, so that an
    edit does not silently drop it: saving then says why it must change.
    """
    top = Visibility(meeting.visibility).rank
    levels = [level.value for level in Visibility if level.rank <= top]
    proposals = list(db.session.scalars(
        sa.select(Proposal).where(Proposal.visible_to(user), Proposal.visibility.in_(levels))))
    if current is not None and current not in proposals and current.can_view(user):
        proposals.append(current)
    return sorted(proposals, key=lambda p: (_STATUS_ORDER.index(p.status), p.title.lower(), p.id))


def agenda_items_for_proposal(proposal: Proposal, user) -> list[AgendaItem]:
    """The proposal page's section: accepted items of visible, not cancelled meetings, the
    latest meeting first. One query."""
    return list(db.session.scalars(
        sa.select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.proposal_id == proposal.id,
               AgendaItem.status == AgendaItemStatus.ACCEPTED,
               Meeting.status != MeetingStatus.CANCELLED, Meeting.visible_to(user))
        .options(contains_eager(AgendaItem.meeting))
        .order_by(Meeting.starts_at.desc(), AgendaItem.position)))


@dataclass
class Targets:
    """Where an adopted proposal can go: upcoming meetings whose agenda ``user`` may edit."""

    meetings: list[Meeting] = field(default_factory=list)
    # Upcoming meetings left out because some of their readers may not read the proposal.
    hidden: int = 0
    # The item already bringing the proposal to each of those meetings, if any.
    already: dict[int, AgendaItem] = field(default_factory=dict)

    def pick(self, meeting_id: int | None) -> Meeting | None:
        """The meeting asked for, else the next one."""
        for meeting in self.meetings:
            if meeting.id == meeting_id:
                return meeting
        return self.meetings[0] if self.meetings and meeting_id is None else None


def targets_for(proposal: Proposal, user, now: dt.datetime | None = None) -> Targets:
    """Upcoming (not yet started), not cancelled meetings, the next first. Two queries."""
    upcoming = db.session.scalars(
        sa.select(Meeting)
        .where(Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.SCHEDULED]),
               Meeting.starts_at > (now or utcnow()), Meeting.visible_to(user))
        .options(joinedload(Meeting.minutes))
        .order_by(Meeting.starts_at, Meeting.id).limit(MAX_TARGETS)).unique().all()
    editable = [m for m in upcoming if m.can_edit_agenda(user)]
    fitting = [m for m in editable if agenda.proposal_fits(proposal, m, user)]
    targets = Targets(fitting, hidden=len(editable) - len(fitting))
    if fitting:
        targets.already = {item.meeting_id: item for item in db.session.scalars(
            sa.select(AgendaItem).where(
                AgendaItem.proposal_id == proposal.id,
                AgendaItem.status == AgendaItemStatus.ACCEPTED,
                AgendaItem.meeting_id.in_([m.id for m in fitting])))}
    return targets


def _opening(body: str) -> str:
    """The proposal's first paragraph (Markdown kept), cut at a word."""
    paragraph = next((p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip()), "")
    if len(paragraph) <= DESCRIPTION_PREFILL:
        return paragraph
    return paragraph[: DESCRIPTION_PREFILL - 1].rsplit(" ", 1)[0] + "…"


def prefill(proposal: Proposal, meeting: Meeting, user) -> agenda.ItemData:
    """The item as the coordinator will most likely want it: the proposal's title and
    opening, its author presenting (when allowed at this meeting) and its project."""
    author = db.session.scalar(sa.select(Person).where(Person.user_id == proposal.author_id)
                               .options(joinedload(Person.user)))
    presenter = author.id if author is not None and may_attend(author, meeting) else None
    candidates = [proposal.resulting_project] if proposal.resulting_project else []
    candidates += list(proposal.projects)
    project = next((p for p in candidates if agenda.project_fits(p, meeting, user)), None)
    return agenda.ItemData(
        title=proposal.title[: agenda.MAX_ITEM_TITLE], description=_opening(proposal.body),
        duration_minutes=15, presenter_id=presenter,
        project_id=project.id if project is not None else None, proposal_id=proposal.id)


def add_from_proposal(proposal: Proposal, meeting: Meeting, actor,
                      data: agenda.ItemData) -> AgendaItem:
    """Put the adopted proposal at the end of ``meeting``'s agenda, linked to it."""
    if not can_take_to_agenda(proposal, actor):
        raise DomainError(_l("Solo il coordinamento porta all'ordine del giorno una proposta "
                              "adottata."))
    if not meeting.is_open or meeting.has_started:
        raise DomainError(_l("La riunione scelta è già iniziata o annullata: scegline "
                              "un'altra."), "meeting_id")
    data.proposal_id = proposal.id
    return agenda.add_item(meeting, actor, data)
