"""What the projects area adds to organisation pages (through ``directory.links``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.projects.models import Project, project_partners
from tavolo.visibility import visible_levels


@dataclass
class ProjectRole:
    project: Project
    leads: bool


def projects_for_organizations(organizations: Sequence, user) -> dict[int, list[ProjectRole]]:
    """Projects each organisation leads or joins, visible to ``user``: two queries."""
    ids = [org.id for org in organizations]
    visible = Project.visibility.in_(visible_levels(user))
    found: dict[int, list[ProjectRole]] = {org_id: [] for org_id in ids}
    for project in db.session.scalars(
            sa.select(Project).where(Project.lead_organization_id.in_(ids), visible)
            .order_by(Project.start_year.desc(), Project.title)):
        found[project.lead_organization_id].append(ProjectRole(project, True))
    for org_id, project in db.session.execute(
            sa.select(project_partners.c.organization_id, Project)
            .join(Project, Project.id == project_partners.c.project_id)
            .where(project_partners.c.organization_id.in_(ids), visible)
            .order_by(Project.start_year.desc(), Project.title)):
        found[org_id].append(ProjectRole(project, False))
    for roles in found.values():
        roles.sort(key=lambda role: (-role.project.start_year, role.project.title))
    return found
