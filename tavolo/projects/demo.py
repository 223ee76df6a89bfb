"""A demo project the seed does not give: a proposal to go on with "Col-labora in 2"."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tavolo.directory.demo import organization_named
from tavolo.extensions import db
from tavolo.projects.models import Project, ProjectStatus
from tavolo.visibility import Visibility

EXAMPLE_PROJECT = (
    "TIROCINI-2016", "Tirocini per il territorio 2016 – proposta", 2016,
    "Associazione Progetto Marconi",
    ["Circoscrizione 2 – Ufficio Progetto Lavoro",
     "Centro per l'Impiego di Torino – sede di Via Castalgomberto"],
    ["adults_in_difficulty", "businesses"],
    "Proposta di proseguire «Col-labora in 2» con nuovi tirocini presso le imprese "
    "intervistate (esempio: non è nel seme).",
)


def load(created: Counter[str]) -> None:
    code, title, year, lead, partners, targets, summary = EXAMPLE_PROJECT
    if db.session.scalar(sa.select(Project.id).filter_by(code=code)) is not None:
        return
    lead_org = organization_named(lead)
    if lead_org is None:
        return
    project = Project(code=code, title=title, start_year=year, status=ProjectStatus.PROPOSED,
                      visibility=Visibility.NETWORK, summary=summary, is_example=True,
                      lead_organization=lead_org,
                      partners=[o for o in map(organization_named, partners) if o is not None])
    project.target_groups = targets
    db.session.add(project)
    created["projects"] += 1
