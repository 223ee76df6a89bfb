"""What of the projects area can be searched: projects and their deliberations."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, Project


def _projects(ids):
    projects = db.session.scalars(
        sa.select(Project).where(Project.id.in_(ids))
        .options(selectinload(Project.lead_organization))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=p.id, title=p.title, visibility=p.visibility, project_id=p.id,
        year=p.start_year, context=f"{p.code} · {p.years_label}",
        body="\n".join(filter(None, [p.code, p.summary, p.description,
                                     p.lead_organization.name if p.lead_organization else ""])))
        for p in projects]


def _deliberations(ids):
    rows = db.session.scalars(
        sa.select(Deliberation).where(Deliberation.id.in_(ids))
        .options(selectinload(Deliberation.project), selectinload(Deliberation.beneficiary))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=d.id, title=d.title, visibility=d.project.visibility, project_id=d.project_id,
        parent_id=d.project_id, year=d.year,
        context=" · ".join(filter(None, [d.reference, d.period, d.project.title])),
        body="\n".join(filter(None, [d.reference, d.notes,
                                     d.beneficiary.name if d.beneficiary else ""])))
        for d in rows]


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="project", label=_l("Progetti"), model=Project, load=_projects, order=10,
        url=lambda entry: url_for("projects.detail", project_id=entry.object_id)))
    search.register(app, search.SearchSource(
        key="deliberation", label=_l("Delibere"), model=Deliberation, load=_deliberations,
        order=15,
        url=lambda entry: url_for("projects.detail", project_id=entry.parent_id,
                                  _anchor="deliberations-heading"),
        follows={Project: lambda ids: sa.select(Deliberation.id).where(
            Deliberation.project_id.in_(ids))},
        fields={Project: ("title", "visibility")}))
