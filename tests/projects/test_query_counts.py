"""Every list and detail page runs the same number of queries with 3 or 1,000 projects.

The large network (1,000 projects, 200 organisations, 3,000 deliberations …) is built with
bulk inserts so the test stays quick.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.auth.models import Role
from tavolo.directory.models import (
    InternshipHost,
    Organization,
    OrganizationArea,
    Person,
)
from tavolo.extensions import db
from tavolo.projects.models import (
    Deliberation,
    InternshipPlacement,
    Project,
    ProjectOutcome,
    ProjectTargetGroup,
    project_partners,
)
from tests.factories import make_user

AREAS = ["disability", "women", "migrants", "young_people"]
GROUPS = ["women", "migrants", "disabled", "adults_in_difficulty"]
LEVELS = ["public", "public", "network", "core", "private"]


def build_network(prefix: str, orgs: int, projects: int) -> tuple[int, int]:
    """Bulk-insert a network; returns (a busy organisation id, a busy project id)."""
    now = dt.datetime.now(dt.UTC)
    first_org = (db.session.scalar(sa.select(sa.func.max(Organization.id))) or 0) + 1
    db.session.execute(sa.insert(Organization), [
        {"name": f"{prefix} ente {i}", "kind": "business" if i % 2 else "association",
         "ring": "core" if i % 10 == 0 else "extended", "phone": "011 000", "email":
         f"ente{i}@{prefix}.example", "created_at": now, "updated_at": now}
        for i in range(orgs)])
    org_ids = list(range(first_org, first_org + orgs))
    db.session.execute(sa.insert(OrganizationArea), [
        {"organization_id": o, "area": area} for o in org_ids for area in AREAS[:2]])
    db.session.execute(sa.insert(InternshipHost), [
        {"organization_id": o, "sector": f"Settore {o % 7}", "places": o % 4,
         "conditions": "Mattina", "last_contact_on": dt.date(2026, 1, 1)}
        for o in org_ids[::2]])
    db.session.execute(sa.insert(Person), [
        {"name": f"{prefix} persona {i}", "organization_id": org_ids[i % orgs],
         "email": f"p{i}@{prefix}.example", "created_at": now, "updated_at": now}
        for i in range(orgs * 3 // 2)])
    first_project = (db.session.scalar(sa.select(sa.func.max(Project.id))) or 0) + 1
    db.session.execute(sa.insert(Project), [
        {"title": f"{prefix} progetto {i}", "code": f"{prefix}-{i}", "start_year": 2000 + i % 20,
         "end_year": None if i % 3 else 2000 + i % 20 + 2, "status": "running",
         "visibility": LEVELS[i % len(LEVELS)], "lead_organization_id": org_ids[i % orgs],
         "summary": "Sintesi", "created_at": now, "updated_at": now}
        for i in range(projects)])
    project_ids = list(range(first_project, first_project + projects))
    db.session.execute(sa.insert(project_partners), [
        {"project_id": p, "organization_id": org_ids[(p + k) % orgs]}
        for p in project_ids for k in (1, 2)])
    db.session.execute(sa.insert(ProjectTargetGroup), [
        {"project_id": p, "group": g} for p in project_ids for g in GROUPS[:2]])
    db.session.execute(sa.insert(Deliberation), [
        {"project_id": p, "year": 2000 + (p + k) % 20, "period": str(2000 + (p + k) % 20),
         "title": f"Delibera {k}", "contribution_cents": 100_000 * k,
         "total_spend_cents": 500_000 if k else None, "beneficiary_id": org_ids[p % orgs],
         "created_at": now}
        for p in project_ids for k in range(3)])
    db.session.execute(sa.insert(ProjectOutcome), [
        {"project_id": p, "label": f"Tirocini {k}", "count": 10 + k, "months": 3}
        for p in project_ids for k in range(2)])
    db.session.execute(sa.insert(InternshipPlacement), [
        {"organization_id": org_ids[::2][i % len(org_ids[::2])], "project_id": p,
         "year": 2010, "interns": 1, "created_at": now}
        for i, p in enumerate(project_ids)])
    db.session.commit()
    # The first project and organisation get the busiest pages.
    return org_ids[0], project_ids[0]


def _pages(org_id: int, project_id: int, person_id: int) -> list[str]:
    return ["/projects/", "/projects/?year=2010&target=women", "/projects/funding",
            f"/projects/{project_id}", "/directory/", "/directory/?q=ente&area=women",
            f"/directory/organizations/{org_id}", "/directory/people",
            f"/directory/people/{person_id}", "/directory/hosts",
            "/directory/hosts?free=1&sort=places", "/directory/export/organizations.csv",
            "/directory/export/people.csv", "/"]


def _measure(client, count_queries, paths) -> dict[str, int]:
    counts = {}
    for path in paths:
        with count_queries() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(statements)
    return counts


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PARTNER])
def test_query_counts_do_not_grow_with_the_network(client, login, count_queries, role):
    login(make_user(role))
    org_id, project_id = build_network("piccola", orgs=3, projects=3)
    person_id = db.session.scalar(sa.select(Person.id).where(Person.organization_id == org_id))
    paths = [path for path in _pages(org_id, project_id, person_id)
             if role == Role.COORDINATOR or "/export/" not in path]
    client.get("/")  # the first visit of the day records it (the dashboard's "seen" marker)
    small = _measure(client, count_queries, paths)

    build_network("grande", orgs=200, projects=1000)
    # The same pages, now among 1,000 projects; the busy organisation leads 200 of them and
    # the busy project has 300 deliberations, 200 outcomes and 100 placements.
    db.session.execute(sa.update(Project).values(lead_organization_id=org_id)
                       .where(Project.id % 5 == 0))
    for model, every in [(Deliberation, 10), (ProjectOutcome, 10), (InternshipPlacement, 10)]:
        db.session.execute(sa.update(model).values(project_id=project_id)
                           .where(model.id % every == 0))
    db.session.commit()
    large = _measure(client, count_queries, paths)

    print(f"\nqueries per page ({role.value}, 1,000 projects / 200 organisations):", large)
    assert large == small
    home = large.pop("/")  # the dashboard: about ten blocks, bounded in tests/core too
    assert home <= 32, home
    assert max(large.values()) <= 15, large


def test_the_big_list_pages_show_totals_of_everything(client, login):
    login(make_user(Role.COORDINATOR))
    build_network("grande", orgs=200, projects=1000)
    listing = client.get("/projects/").get_data(as_text=True)
    assert "1000 progetti trovati" in listing or "1.000 progetti trovati" in listing
    # 1,000 projects × (€ 0 + € 1.000 + € 2.000) of contributions.
    assert "€ 3.000.000,00" in listing
    assert "200 enti trovati" in client.get("/directory/").get_data(as_text=True)
    rows = client.get("/directory/export/organizations.csv").data.decode("utf-8-sig")
    assert len(rows.strip().split("\r\n")) == 201
    assert rows.startswith("Nome;")
