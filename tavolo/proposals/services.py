"""Proposals: writing, editing with kept versions, status changes, lists.

Plain functions on model objects: they change the session and flush, the route commits
once. Errors a user can fix come back as :class:`ProposalError` with an Italian message.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from tavolo.audit.services import record
from tavolo.directory.models import Organization, Person
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.projects.models import Project
from tavolo.proposals.models import (
    MANUAL_STATUSES,
    Proposal,
    ProposalRevision,
    ProposalStatus,
    ProposalStatusChange,
    proposal_projects,
)
from tavolo.types import utcnow
from tavolo.visibility import Visibility, can_see, visible_levels

TITLE_MAX = 200
BODY_MAX = 50_000


class ProposalError(DomainError):
    """A rule the user can understand was broken; the message says which."""


class ProposalConflict(ProposalError):
    """Someone else saved the proposal in the meantime."""


def person_of(user) -> Person | None:
    """The directory entry linked to a login, with its organisation."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Person).where(Person.user_id == user.id)
                             .options(joinedload(Person.organization)))


def organization_choices(user) -> list[Organization]:
    """Organisations a user may write on behalf of: any for the coordinator, else their own."""
    if user.is_coordinator:
        return list(db.session.scalars(sa.select(Organization).order_by(Organization.name)))
    person = person_of(user)
    return [person.organization] if person and person.organization else []


def visible_projects(user) -> list[Project]:
    return list(db.session.scalars(
        sa.select(Project).where(Project.visibility.in_(visible_levels(user)))
        .order_by(Project.title)))


def visibility_choices(user) -> list[Visibility]:
    """Levels a user may give a proposal: never one they could not read themselves."""
    return [level for level in Visibility if can_see(user, level)]


def list_query(user, *, status: str = "", project_id: int | None = None, text: str = "",
               mine: bool = False) -> sa.Select:
    """Proposals ``user`` may read, newest first, with what the list shows eager-loaded."""
    query = (sa.select(Proposal)
             .where(Proposal.visible_to(user))
             .options(joinedload(Proposal.author), joinedload(Proposal.organization),
                      selectinload(Proposal.projects))
             .order_by(Proposal.created_at.desc(), Proposal.id.desc()))
    if status in {s.value for s in ProposalStatus}:
        query = query.where(Proposal.status == status)
    if project_id:
        query = query.where(Proposal.id.in_(
            sa.select(proposal_projects.c.proposal_id)
            .where(proposal_projects.c.project_id == project_id)))
    if text:
        pattern = f"%{text.lower()}%"
        query = query.where(sa.or_(sa.func.lower(Proposal.title).like(pattern),
                                   sa.func.lower(Proposal.body).like(pattern)))
    if mine and getattr(user, "is_authenticated", False):
        query = query.where(Proposal.author_id == user.id)
    return query


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        raise ProposalError(_("Scrivi il titolo della proposta."))
    if len(title) > TITLE_MAX:
        raise ProposalError(_("Il titolo è troppo lungo (al massimo %(max)d caratteri).",
                              max=TITLE_MAX))
    if len(body) > BODY_MAX:
        raise ProposalError(_("Il testo è troppo lungo (al massimo %(max)d caratteri).",
                              max=BODY_MAX))
    return title, body


def _check_choices(user, visibility: Visibility, organization: Organization | None,
                   projects: list[Project], proposal: Proposal | None = None) -> None:
    if not can_see(user, visibility):
        raise ProposalError(_("Non puoi dare alla proposta una visibilità che tu stesso non "
                              "avresti."))
    current_org = proposal.organization_id if proposal else None
    allowed_orgs = {org.id for org in organization_choices(user)} | {current_org}
    if organization is not None and organization.id not in allowed_orgs:
        raise ProposalError(_("Puoi scrivere solo a nome del tuo ente."))
    already = {p.id for p in proposal.projects} if proposal else set()
    for project in projects:
        if project.id not in already and not project.can_view(user):
            raise ProposalError(_("Uno dei progetti scelti non è visibile."))


def create_proposal(author, *, title: str, body: str, visibility: Visibility | str,
                    organization: Organization | None = None,
                    projects: list[Project] = (), is_example: bool = False,
                    now: dt.datetime | None = None) -> Proposal:
    """Write a new proposal, open for comments; its text is version 1."""
    now = now or utcnow()
    title, body = _clean_text(title, body)
    visibility = Visibility(visibility)
    projects = list(projects)
    _check_choices(author, visibility, organization, projects)
    proposal = Proposal(title=title, body=body, author=author, organization=organization,
                        visibility=visibility, projects=projects, status=ProposalStatus.OPEN,
                        version=1, is_example=is_example, created_at=now, updated_at=now)
    proposal.revisions.append(ProposalRevision(number=1, title=title, body=body,
                                               edited_by=author, created_at=now))
    proposal.status_changes.append(ProposalStatusChange(
        from_status=None, to_status=ProposalStatus.OPEN, changed_by=author, at=now))
    db.session.add(proposal)
    db.session.flush()
    return proposal


def edit_proposal(editor, proposal: Proposal, *, expected_version: int, title: str,
                  body: str, visibility: Visibility | str,
                  organization: Organization | None, projects: list[Project],
                  now: dt.datetime | None = None) -> bool:
    """Save an edit; a changed text becomes a new version, earlier ones stay readable.

    ``expected_version`` is the version the editor started from: if someone saved in
    between, :class:`ProposalConflict` is raised instead of overwriting their work (and
    the unique version number stops two simultaneous saves both succeeding).
    """
    now = now or utcnow()
    if not proposal.can_edit(editor):
        raise ProposalError(_("Questa proposta non si può più modificare."))
    if expected_version != proposal.version:
        raise ProposalConflict(_("Nel frattempo qualcuno ha salvato una nuova versione della "
                                 "proposta: rileggila e riporta le tue modifiche."))
    title, body = _clean_text(title, body)
    visibility = Visibility(visibility)
    _check_choices(editor, visibility, organization, list(projects), proposal)
    text_changed = (title, body) != (proposal.title, proposal.body)
    changed = text_changed or visibility != proposal.visibility \
        or (organization.id if organization else None) != proposal.organization_id \
        or {p.id for p in projects} != {p.id for p in proposal.projects}
    if not changed:
        return False
    if text_changed:
        proposal.version += 1
        db.session.add(ProposalRevision(proposal=proposal, number=proposal.version,
                                        title=title, body=body, edited_by=editor,
                                        created_at=now))
    proposal.title, proposal.body = title, body
    proposal.visibility = visibility
    proposal.organization = organization
    proposal.projects = list(projects)
    proposal.updated_at = now
    try:
        db.session.flush()
    except IntegrityError as error:
        raise ProposalConflict(_("Nel frattempo qualcuno ha salvato una nuova versione della "
                                 "proposta: rileggila e riporta le tue modifiche.")) from error
    return True


def revisions_of(proposal: Proposal) -> list[ProposalRevision]:
    return list(db.session.scalars(
        sa.select(ProposalRevision).where(ProposalRevision.proposal_id == proposal.id)
        .options(joinedload(ProposalRevision.edited_by))
        .order_by(ProposalRevision.number.desc())))


def history_of(proposal: Proposal) -> list[ProposalStatusChange]:
    return list(db.session.scalars(
        sa.select(ProposalStatusChange).where(ProposalStatusChange.proposal_id == proposal.id)
        .options(joinedload(ProposalStatusChange.changed_by))
        .order_by(ProposalStatusChange.at, ProposalStatusChange.id)))


def _in_unclosed_round(proposal: Proposal, now: dt.datetime) -> bool:
    from tavolo.rounds.models import PriorityRound, RoundProposal

    return db.session.scalar(
        sa.select(sa.func.count()).select_from(RoundProposal)
        .join(PriorityRound, PriorityRound.id == RoundProposal.round_id)
        .where(RoundProposal.proposal_id == proposal.id, PriorityRound.closes_at > now)) > 0


def set_status(actor, proposal: Proposal, status: ProposalStatus | str, *, note: str = "",
               round_id: int | None = None, now: dt.datetime | None = None) -> None:
    """Record a status change in the proposal's history (rounds call this too)."""
    now = now or utcnow()
    status = ProposalStatus(status)
    if status == proposal.status:
        return
    db.session.add(ProposalStatusChange(proposal=proposal, from_status=proposal.status,
                                        to_status=status, changed_by=actor, at=now,
                                        note=note[:500], round_id=round_id))
    proposal.status = status
    proposal.updated_at = now


def decide(actor, proposal: Proposal, status: ProposalStatus | str, note: str = "",
           now: dt.datetime | None = None) -> None:
    """The coordinator adopts, sets aside or reopens a proposal.

    Not while a round that contains it is still scheduled or open (its voters are
    deciding), and an adopted proposal that became a project stays adopted.
    """
    now = now or utcnow()
    status = ProposalStatus(status)
    if not proposal.can_change_status(actor):
        raise ProposalError(_("Solo il coordinamento decide sullo stato delle proposte."))
    if status not in MANUAL_STATUSES:
        raise ProposalError(_("Una proposta va in votazione inserendola in una votazione di "
                              "priorità."))
    if status == proposal.status:
        raise ProposalError(_("La proposta è già in questo stato."))
    if _in_unclosed_round(proposal, now):
        raise ProposalError(_("La proposta è in una votazione non ancora chiusa: decidi dopo "
                              "la chiusura."))
    if proposal.resulting_project_id is not None:
        raise ProposalError(_("Da questa proposta è già nato un progetto: resta adottata."))
    old = proposal.status
    set_status(actor, proposal, status, note=note.strip(), now=now)
    record(actor, "status", "proposal", proposal.id, proposal.title,
           {"status": [old.value, status.value]})
    db.session.flush()


def withdraw(author, proposal: Proposal, now: dt.datetime | None = None) -> None:
    """The author takes back a proposal still open for comments (it is set aside)."""
    if not proposal.can_withdraw(author):
        raise ProposalError(_("Puoi ritirare solo una tua proposta ancora aperta ai commenti."))
    set_status(author, proposal, ProposalStatus.SET_ASIDE, note=_("Ritirata dall'autore."),
               now=now)
    db.session.flush()
