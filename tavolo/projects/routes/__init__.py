"""The project views: list, pages, funding overview and edits (``projects``), and the
project's records, deliberations and outcomes (``records``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tavolo import navigation
from tavolo.audit import history
from tavolo.directory.links import ORGANIZATION_LINKS
from tavolo.directory.services import ORGANIZATION_REFERENCES, OrganizationReference
from tavolo.links import LinkProvider
from tavolo.projects import bp, providers, services
from tavolo.projects.models import STATUS_LABELS, TARGET_LABELS, Project
from tavolo.projects.routes import projects, records  # noqa: F401


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "projects.index", _l("Progetti"), 40, "everyone", "projects")
    navigation.add(state.app, "projects.funding_overview", _l("Finanziamenti"), 45, "everyone")
    ORGANIZATION_LINKS.add(state.app, LinkProvider(
        key="projects", title=_l("Progetti guidati o partecipati"), order=10,
        template="projects/_organization_projects.html",
        load=providers.projects_for_organizations))
    history.VOCABULARY.add(state.app, VOCABULARY)
    ORGANIZATION_REFERENCES.add(state.app, OrganizationReference(
        key="projects", assess=services.assess_organization,
        detach=services.detach_organization, order=10))


VOCABULARY = history.Vocabulary(
    key="projects",
    types={"project": _l("Progetto"), "deliberation": _l("Delibera"),
           "outcome": _l("Risultato")},
    fields={
        "project_id": _l("Progetto"), "code": _l("Codice"),
        "start_year": _l("Anno di inizio"), "end_year": _l("Anno di fine"),
        "summary": _l("Sintesi"), "lead_organization_id": _l("Ente capofila"),
        "partners": _l("Enti partner"), "target_groups": _l("Destinatari"),
        "objectives": _l("Obiettivi"), "period": _l("Periodo"),
        "adopted_on": _l("Data di adozione"), "reference": _l("Riferimento"),
        "contribution_cents": _l("Contributo"), "total_spend_cents": _l("Spesa complessiva"),
        "spend_is_estimate": _l("Spesa presunta"), "beneficiary_id": _l("Beneficiario"),
        "label": _l("Descrizione"), "count": _l("Numero"), "target_group": _l("Destinatari"),
        "period_start": _l("Dal"), "period_end": _l("Al"), "source": _l("Fonte"),
    },
    values={"status": STATUS_LABELS, "target_groups": TARGET_LABELS,
            "target_group": TARGET_LABELS},
    names={"project": (Project.id, Project.title)},
    references={"project_id": "project", "beneficiary_id": "organization",
                "lead_organization_id": "organization"},
)
