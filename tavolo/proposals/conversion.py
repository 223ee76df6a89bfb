"""An adopted proposal becomes a project: the form comes prefilled from the proposal.

The project pages belong to the projects area; this service only creates the row, links
it back to the proposal and records who did it. Two coordinators converting the same
proposal at once end with one project: the proposal is claimed with a conditional update.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from tavolo.audit.services import record
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.projects.models import Project, ProjectStatus
from tavolo.proposals.models import Proposal
from tavolo.proposals.services import ProposalError
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

CODE_MAX = 40
SUMMARY_MAX = 500
# Italian articles and prepositions say nothing in a code.
_SMALL_WORDS = {"DEL", "DELLA", "DELLE", "DELLO", "DEI", "DEGLI", "NEL", "NELLA", "NELLE",
                "NEI", "NEGLI", "PER", "CON", "UNA", "UNO", "GLI", "DAL", "DALLA", "DAI",
                "SUL", "SULLA", "SUI", "TRA", "FRA", "ALLA", "ALLE", "ALL"}


def suggest_code(title: str) -> str:
    """An unused project code from the first words of the title (``SPORTELLO-ORIENTAMENTO``)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^A-Za-z0-9]+", ascii_title.upper())
             if len(w) > 2 and w not in _SMALL_WORDS][:3]
    base = "-".join(words)[:CODE_MAX - 3].strip("-") or "PROGETTO"
    taken = set(db.session.scalars(sa.select(Project.code).where(Project.code.like(f"{base}%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _summary(body: str) -> str:
    """The first paragraph of the proposal, without Markdown marks, cut at a word."""
    paragraph = next((p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()), "")
    plain = re.sub(r"[*_`#>\[\]]", "", paragraph).replace("\n", " ").strip()
    if len(plain) <= SUMMARY_MAX:
        return plain
    return plain[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"


def prefill(proposal: Proposal, now: dt.datetime | None = None) -> dict:
    """Values for the project form, taken from the proposal."""
    now = now or utcnow()
    return {
        "title": proposal.title,
        "code": suggest_code(proposal.title),
        "start_year": now.astimezone(ROME).year,
        "end_year": None,
        "status": ProjectStatus.APPROVED.value,
        "summary": _summary(proposal.body),
        "description": proposal.body,
        "lead_organization_id": proposal.organization_id or 0,
        "visibility": proposal.visibility.value,
    }


def create_project(actor, proposal: Proposal, *, title: str, code: str, start_year: int,
                   end_year: int | None, status: ProjectStatus | str, summary: str,
                   description: str, lead_organization: Organization | None,
                   visibility: Visibility | str, now: dt.datetime | None = None) -> Project:
    """Create the project and link the proposal to it (both ways)."""
    now = now or utcnow()
    if not proposal.can_become_project(actor):
        raise ProposalError(_("Solo una proposta adottata, non ancora trasformata, può "
                              "diventare un progetto."))
    code = code.strip().upper()
    if db.session.scalar(sa.select(Project.id).where(Project.code == code)):
        raise ProposalError(_("Esiste già un progetto con il codice %(code)s.", code=code))
    if end_year is not None and end_year < start_year:
        raise ProposalError(_("L'anno di fine non può precedere quello di inizio."))
    project = Project(title=title.strip(), code=code, start_year=start_year, end_year=end_year,
                      status=ProjectStatus(status), summary=summary.strip()[:SUMMARY_MAX],
                      description=description.strip(), lead_organization=lead_organization,
                      visibility=Visibility(visibility), created_at=now, updated_at=now)
    db.session.add(project)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise ProposalError(_("Esiste già un progetto con il codice %(code)s.",
                              code=code)) from error
    claimed = db.session.execute(
        sa.update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.resulting_project_id.is_(None))
        .values(resulting_project_id=project.id, updated_at=now)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise ProposalError(_("Nel frattempo da questa proposta è già stato creato un "
                              "progetto."))
    db.session.refresh(proposal)
    if project not in proposal.projects:
        proposal.projects.append(project)
    record(actor, "create", "project", project.id, project.title,
           {"code": [None, project.code], "from_proposal": [None, proposal.id]})
    record(actor, "to_project", "proposal", proposal.id, proposal.title,
           {"resulting_project_id": [None, project.id]})
    db.session.flush()
    return project
