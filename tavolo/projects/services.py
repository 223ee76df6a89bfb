"""Project rules: creating, changing and deleting projects, with audit.

The funding history never disappears by accident: a project with deliberations or recorded
internships cannot be deleted (set it aside instead); anything else it owns is listed by
:func:`project_impact` before the coordinator confirms.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from tavolo.audit.services import pending_changes, record
from tavolo.directory.models import Organization
from tavolo.directory.services import Impact, ImpactItem
from tavolo.domain import DomainError
from tavolo.editing import NOT_AUDITED, check_version, first_other, list_change, snapshot
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, Objective, Project, ProjectStatus, project_partners
from tavolo.types import utcnow
from tavolo.visibility import Visibility

PROJECT_FIELDS = ("title", "code", "start_year", "end_year", "status", "visibility", "summary",
                  "description", "lead_organization_id")


def _refuse_duplicate_code(code: str, exclude_id: int | None = None) -> None:
    query = sa.select(Project.title).where(sa.func.upper(Project.code) == code.upper())
    other = first_other(query, Project.id, exclude_id)
    if other is not None:
        raise DomainError(_l("Il codice %(code)s è già usato dal progetto «%(title)s».",
                               code=code, title=other))


def _organizations(ids) -> list[Organization]:
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    found = list(db.session.scalars(sa.select(Organization).where(Organization.id.in_(wanted))))
    if len(found) != len(wanted):
        raise DomainError(_l("Uno degli enti scelti non esiste più: ricarica la pagina."))
    return found


def _objectives(ids) -> list[Objective]:
    wanted = {int(i) for i in ids}
    return list(db.session.scalars(sa.select(Objective).where(Objective.id.in_(wanted)))) \
        if wanted else []


def _clean(values: dict) -> dict:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()
               if k in PROJECT_FIELDS}
    if "status" in cleaned:
        cleaned["status"] = ProjectStatus(cleaned["status"])
    if "visibility" in cleaned:
        cleaned["visibility"] = Visibility(cleaned["visibility"])
    return cleaned


def _labels(project: Project) -> dict[str, list]:
    return {"partners": [o.name for o in project.partners],
            "target_groups": [g.value for g in project.target_groups],
            "objectives": [str(o.position) for o in project.objectives]}


def create_project(actor, *, partner_ids=(), target_groups=(), objective_ids=(),
                   **values) -> Project:
    values = _clean(values)
    _refuse_duplicate_code(values["code"])
    project = Project(**values)
    project.partners = _organizations(partner_ids)
    project.objectives = _objectives(objective_ids)
    project.target_groups = target_groups
    db.session.add(project)
    db.session.flush()
    changes = snapshot(project)
    changes.update({key: [None, value] for key, value in _labels(project).items() if value})
    record(actor, "create", "project", project.id, project.title, changes)
    return project


def update_project(actor, project: Project, *, expected_version: int | None = None,
                   partner_ids=(), target_groups=(), objective_ids=(), **values) -> dict:
    """Apply an edit; refuses one made on an outdated page. Returns what changed."""
    check_version(project, expected_version)
    values = _clean(values)
    if "code" in values:
        _refuse_duplicate_code(values["code"], exclude_id=project.id)
    before = _labels(project)
    for name, value in values.items():
        setattr(project, name, value)
    project.partners = _organizations(partner_ids)
    project.objectives = _objectives(objective_ids)
    project.target_groups = target_groups
    changes = pending_changes(project, exclude=NOT_AUDITED)
    for key, value in _labels(project).items():
        change = list_change(before[key], value)
        if change:
            changes[key] = change
    if changes:
        project.updated_at = utcnow()  # bumps the version when only the lists changed
        record(actor, "update", "project", project.id, project.title, changes)
    db.session.flush()
    return changes


def project_impact(project: Project, linked_sections=()) -> Impact:
    """What deleting ``project`` would remove (effects) and what forbids it (blockers)."""
    impact = Impact()
    if project.deliberations:
        impact.blockers.append(ImpactItem("deliberation", ngettext(
            "Ha %(num)d delibera di finanziamento, che deve restare nello storico: se il "
            "progetto non prosegue, mettilo nello stato «Accantonato».",
            "Ha %(num)d delibere di finanziamento, che devono restare nello storico: se il "
            "progetto non prosegue, mettilo nello stato «Accantonato».",
            len(project.deliberations)), list(project.deliberations)))
    if project.placements:
        impact.blockers.append(ImpactItem("placement", ngettext(
            "Ha inserito tirocinanti presso le imprese (%(num)d registrazione), che fa parte "
            "dello storico delle imprese.",
            "Ha inserito tirocinanti presso le imprese (%(num)d registrazioni), che fanno "
            "parte dello storico delle imprese.", len(project.placements)),
            list(project.placements)))
    for section in linked_sections:
        if section.items:
            impact.blockers.append(ImpactItem("linked", _l(
                "È collegato a contenuti di altre aree (%(what)s: %(num)d): scollegali prima.",
                what=section.title, num=len(section.items))))
    if project.outcomes:
        impact.effects.append(ImpactItem("outcome", ngettext(
            "Sarà eliminato il suo risultato registrato.",
            "Saranno eliminati i suoi %(num)d risultati registrati.",
            len(project.outcomes)), list(project.outcomes)))
    if project.partners:
        impact.effects.append(ImpactItem("partner", ngettext(
            "Sarà tolto il collegamento con %(num)d ente partner (l'ente resta nella rubrica).",
            "Saranno tolti i collegamenti con %(num)d enti partner (gli enti restano nella "
            "rubrica).", len(project.partners))))
    return impact


def delete_project(actor, project: Project, *, expected_version: int | None = None,
                   linked_sections=()) -> None:
    check_version(project, expected_version)
    impact = project_impact(project, linked_sections)
    if not impact.allowed:
        raise DomainError(impact.blockers[0].message)
    changes = snapshot(project, removed=True)
    changes.update({key: [value, None] for key, value in _labels(project).items() if value})
    if project.outcomes:
        changes["outcomes"] = [[f"{o.count} × {o.label}" for o in project.outcomes], None]
    record(actor, "delete", "project", project.id, project.title, changes)
    project.partners = []
    project.objectives = []
    db.session.delete(project)
    db.session.flush()


def assess_organization(org: Organization, impact: Impact) -> None:
    """For the directory's deletion page: projects ``org`` leads and deliberations naming it
    as beneficiary are history and forbid the deletion; partnerships will be detached."""
    led = list(db.session.scalars(sa.select(Project).where(
        Project.lead_organization_id == org.id).order_by(Project.title)))
    if led:
        impact.blockers.append(ImpactItem("project", ngettext(
            "È l'ente capofila di %(num)d progetto: assegna prima un altro capofila.",
            "È l'ente capofila di %(num)d progetti: assegna prima un altro capofila.",
            len(led)), led))
    funded = list(db.session.scalars(sa.select(Deliberation).where(
        Deliberation.beneficiary_id == org.id).order_by(Deliberation.year)))
    if funded:
        impact.blockers.append(ImpactItem("deliberation", ngettext(
            "È beneficiario di %(num)d delibera di finanziamento, che deve restare nello "
            "storico.",
            "È beneficiario di %(num)d delibere di finanziamento, che devono restare nello "
            "storico.", len(funded)), funded))
    joined = list(db.session.scalars(
        sa.select(Project).join(project_partners, project_partners.c.project_id == Project.id)
        .where(project_partners.c.organization_id == org.id).order_by(Project.title)))
    if joined:
        impact.effects.append(ImpactItem("project", ngettext(
            "Sarà tolto dai partner di %(num)d progetto.",
            "Sarà tolto dai partner di %(num)d progetti.", len(joined)), joined))


def detach_organization(org: Organization) -> None:
    db.session.execute(sa.delete(project_partners).where(
        project_partners.c.organization_id == org.id))
