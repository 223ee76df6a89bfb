"""Loading the demo network. Idempotent: each row is found by its natural key first."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tavolo.auth.models import Role, User
from tavolo.calendar import demo as calendar_demo
from tavolo.demo import data
from tavolo.directory import demo as directory_demo
from tavolo.directory.models import Organization, OrganizationKind, Person, Ring
from tavolo.extensions import db
from tavolo.internships import demo as internships_demo
from tavolo.meetings.demo import link_example_proposals, load_meeting_examples
from tavolo.notices import demo as notices_demo
from tavolo.projects import demo as projects_demo
from tavolo.projects.models import Deliberation, Objective, Project, ProjectOutcome, ProjectStatus
from tavolo.proposals.demo import load_proposals_demo
from tavolo.reports.models import MandateReport, Milestone
from tavolo.rounds import demo as rounds_demo
from tavolo.seminars import demo as seminars_demo


class _Loader:
    def __init__(self) -> None:
        self.created: Counter[str] = Counter()

    def _get_or_add(self, model, where: dict, **values):
        row = db.session.scalar(sa.select(model).filter_by(**where))
        if row is None:
            row = model(**where, **values)
            db.session.add(row)
            self.created[model.__tablename__] += 1
        return row

    def organizations(self) -> dict[str, Organization]:
        by_name = {}
        for name, short, kind, ring, areas, address, description in data.ORGANIZATIONS:
            org = self._get_or_add(Organization, {"name": name}, short_name=short,
                                   kind=OrganizationKind(kind), ring=Ring(ring),
                                   address=address, description=description)
            if not org.area_rows:
                org.areas = areas
            by_name[name] = org
        db.session.flush()
        return by_name

    def objectives(self) -> list[Objective]:
        return [self._get_or_add(Objective, {"text": text}, position=position)
                for position, text in enumerate(data.OBJECTIVES, start=1)]

    def projects(self, orgs: dict[str, Organization],
                 objectives: list[Objective]) -> dict[str, Project]:
        by_code = {}
        for code, (title, start, end, status, lead, partners, targets, objective_numbers,
                   summary, description) in data.PROJECTS.items():
            project = db.session.scalar(sa.select(Project).filter_by(code=code))
            if project is None:
                project = Project(code=code, title=title, start_year=start, end_year=end,
                                  status=ProjectStatus(status), summary=summary,
                                  description=description, lead_organization=orgs[lead],
                                  partners=[orgs[name] for name in partners],
                                  objectives=[objectives[n - 1] for n in objective_numbers])
                project.target_groups = targets
                db.session.add(project)
                self.created["projects"] += 1
            by_code[code] = project
        db.session.flush()
        return by_code

    def deliberations(self, projects: dict[str, Project],
                      orgs: dict[str, Organization]) -> None:
        for code, year, period, title, contribution, spend, estimate, beneficiary in \
                data.DELIBERATIONS:
            self._get_or_add(
                Deliberation, {"project_id": projects[code].id, "period": period, "title": title},
                year=year, contribution_cents=contribution, total_spend_cents=spend,
                spend_is_estimate=estimate,
                beneficiary=orgs[beneficiary] if beneficiary else None,
            )

    def outcomes(self, projects: dict[str, Project]) -> None:
        for position, (code, label, count, months, target, start, end, source) in \
                enumerate(data.OUTCOMES):
            self._get_or_add(
                ProjectOutcome, {"project_id": projects[code].id, "label": label,
                                 "months": months, "period_start": start},
                count=count, target_group=target, period_end=end, source=source,
                position=position,
            )

    def history(self) -> None:
        for title, start, end, spend, seminars, narrative in data.MANDATE_REPORTS:
            self._get_or_add(MandateReport, {"title": title}, start_year=start, end_year=end,
                             declared_spend_cents=spend, spend_is_approximate=True,
                             seminars_held=seminars, narrative=narrative)
        for year, period, title, description in data.MILESTONES:
            self._get_or_add(Milestone, {"title": title}, year=year, period=period,
                             description=description)

    def demo_users(self, orgs: dict[str, Organization], password: str) -> None:
        for email, name, role, org_name, job in data.DEMO_USERS:
            user = db.session.scalar(sa.select(User).filter_by(email=email))
            if user is None:
                user = User(email=email, name=name, role=Role(role), locale="it", active=True)
                user.set_password(password)
                db.session.add(user)
                self.created["users"] += 1
                db.session.flush()
            self._get_or_add(Person, {"user_id": user.id}, name=name,
                             organization=orgs[org_name], role=job, email=email,
                             is_example=True)


def load_demo(password: str) -> Counter[str]:
    """Add whatever part of the demo network is missing; return what was created per table."""
    loader = _Loader()
    orgs = loader.organizations()
    objectives = loader.objectives()
    projects = loader.projects(orgs, objectives)
    loader.deliberations(projects, orgs)
    loader.outcomes(projects)
    loader.history()
    loader.demo_users(orgs, password)
    directory_demo.load(loader.created)
    internships_demo.load(loader.created)
    projects_demo.load(loader.created)
    load_meeting_examples(loader.created)
    calendar_demo.load(loader.created)
    db.session.flush()
    loader.created.update(load_proposals_demo(password))
    rounds_demo.load(loader.created)
    link_example_proposals(loader.created)
    seminars_demo.load(loader.created)
    notices_demo.load(loader.created)
    return loader.created
