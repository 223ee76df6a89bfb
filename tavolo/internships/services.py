"""Internships hosted by local businesses: which project placed how many interns, and when."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from tavolo.audit.services import pending_changes, record
from tavolo.directory.models import Organization
from tavolo.directory.services import Impact, ImpactItem
from tavolo.domain import DomainError
from tavolo.editing import NOT_AUDITED, first_other, snapshot
from tavolo.extensions import db
from tavolo.projects.models import InternshipPlacement, Project

FIELDS = ("project_id", "year", "interns", "months", "notes")


def _label(placement: InternshipPlacement) -> str:
    project = db.session.get(Project, placement.project_id)
    code = project.code if project else str(placement.project_id)
    return f"{placement.organization.name} – {code} {placement.year}"


def _refuse_duplicate(org_id: int, project_id: int, year: int,
                      exclude_id: int | None = None) -> None:
    query = sa.select(InternshipPlacement.id).where(
        InternshipPlacement.organization_id == org_id,
        InternshipPlacement.project_id == project_id, InternshipPlacement.year == year)
    if first_other(query, InternshipPlacement.id, exclude_id) is not None:
        raise DomainError(_l("Per questo progetto e questo anno gli inserimenti presso "
                               "l'impresa sono già registrati: modifica quella riga."))


def create_placement(actor, org: Organization, **values) -> InternshipPlacement:
    values = {k: v for k, v in values.items() if k in FIELDS}
    _refuse_duplicate(org.id, values["project_id"], values["year"])
    placement = InternshipPlacement(organization=org, **values)
    db.session.add(placement)
    db.session.flush()
    record(actor, "create", "placement", placement.id, _label(placement), snapshot(placement))
    return placement


def update_placement(actor, placement: InternshipPlacement, **values) -> dict:
    values = {k: v for k, v in values.items() if k in FIELDS}
    _refuse_duplicate(placement.organization_id, values.get("project_id", placement.project_id),
                      values.get("year", placement.year), exclude_id=placement.id)
    for name, value in values.items():
        setattr(placement, name, value)
    changes = pending_changes(placement, exclude=NOT_AUDITED)
    if changes:
        record(actor, "update", "placement", placement.id, _label(placement), changes)
    db.session.flush()
    return changes


def delete_placement(actor, placement: InternshipPlacement) -> None:
    record(actor, "delete", "placement", placement.id, _label(placement),
           snapshot(placement, removed=True))
    db.session.delete(placement)
    db.session.flush()


def assess_organization(org: Organization, impact: Impact) -> None:
    """For the directory's deletion page: internships hosted are history and forbid it."""
    placements = list(db.session.scalars(sa.select(InternshipPlacement).where(
        InternshipPlacement.organization_id == org.id)))
    if placements:
        impact.blockers.append(ImpactItem("placement", ngettext(
            "Ha ospitato tirocinanti (%(num)d registrazione): fa parte dello storico; "
            "eliminala prima, se è errata.",
            "Ha ospitato tirocinanti (%(num)d registrazioni): fanno parte dello storico; "
            "eliminale prima, se sono errate.", len(placements)), placements))


def placements_for_organizations(organizations, user) -> dict[int, list[InternshipPlacement]]:
    """For the organisation page: the internships each host took in, of the projects
    ``user`` may see (one query). Only hosts and former hosts get an entry."""
    ids = [org.id for org in organizations]
    rows = db.session.scalars(
        sa.select(InternshipPlacement).join(InternshipPlacement.project)
        .where(InternshipPlacement.organization_id.in_(ids))
        .options(sa.orm.contains_eager(InternshipPlacement.project))
        .order_by(InternshipPlacement.year.desc(), InternshipPlacement.id)).all()
    found: dict[int, list[InternshipPlacement]] = {
        org.id: [] for org in organizations if org.host is not None}
    for placement in rows:
        found.setdefault(placement.organization_id, [])
        if placement.project.can_view(user):
            found[placement.organization_id].append(placement)
    return found


def current_placement_ids(org_id: int) -> sa.Select:
    return sa.select(InternshipPlacement.id).where(InternshipPlacement.organization_id == org_id)
