"""Factory helpers: ``make_user(role="partner")`` and friends, with sensible defaults."""

from __future__ import annotations

import itertools

from tavolo.auth.models import Role, User
from tavolo.directory.models import Organization, OrganizationKind, Person, Ring
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, Project, ProjectStatus
from tavolo.visibility import Visibility

PASSWORD = "password-for-tests"
_counter = itertools.count(1)


def make_user(role: Role | str = Role.PARTNER, *, email: str | None = None, name: str | None = None,
              password: str | None = PASSWORD, active: bool = True, locale: str = "it",
              commit: bool = True) -> User:
    n = next(_counter)
    user = User(email=email or f"user{n}@example.org", name=name or f"Utente {n}",
                role=Role(role), active=active, locale=locale)
    if password:
        user.set_password(password)
    db.session.add(user)
    if commit:
        db.session.commit()
    return user


def make_organization(*, name: str | None = None, ring: Ring | str = Ring.EXTENDED,
                      kind: OrganizationKind | str = OrganizationKind.ASSOCIATION,
                      commit: bool = True, **overrides) -> Organization:
    n = next(_counter)
    org = Organization(name=name or f"Ente {n}", ring=Ring(ring), kind=OrganizationKind(kind),
                       **overrides)
    db.session.add(org)
    if commit:
        db.session.commit()
    return org


def make_person(*, organization: Organization | None = None, user: User | None = None,
                name: str | None = None, commit: bool = True, **overrides) -> Person:
    n = next(_counter)
    person = Person(name=name or f"Persona {n}", organization=organization, user=user,
                    **overrides)
    db.session.add(person)
    if commit:
        db.session.commit()
    return person


def make_project(*, code: str | None = None, title: str | None = None, start_year: int = 2020,
                 visibility: Visibility | str = Visibility.PUBLIC, commit: bool = True,
                 **overrides) -> Project:
    n = next(_counter)
    overrides.setdefault("status", ProjectStatus.RUNNING)
    project = Project(code=code or f"P-{n}", title=title or f"Progetto {n}",
                      start_year=start_year, visibility=Visibility(visibility), **overrides)
    db.session.add(project)
    if commit:
        db.session.commit()
    return project


def make_deliberation(project: Project, *, year: int = 2020, contribution_cents: int | None = 0,
                      total_spend_cents: int | None = None, commit: bool = True,
                      **overrides) -> Deliberation:
    n = next(_counter)
    overrides.setdefault("period", str(year))
    overrides.setdefault("title", f"Delibera {n}")
    deliberation = Deliberation(project=project, year=year,
                                contribution_cents=contribution_cents,
                                total_spend_cents=total_spend_cents, **overrides)
    db.session.add(deliberation)
    if commit:
        db.session.commit()
    return deliberation


# Directory and projects (issue 3).
def make_host(*, name: str | None = None, sector: str = "Ristorazione", places: int = 1,
              commit: bool = True, **host_values):
    """An organisation of kind business with an internship-host profile."""
    from tavolo.directory.models import InternshipHost

    org = make_organization(name=name, kind=OrganizationKind.BUSINESS, commit=False)
    org.host = InternshipHost(sector=sector, places=places, **host_values)
    if commit:
        db.session.commit()
    return org


def make_placement(organization: Organization, project: Project, *, year: int = 2020,
                   interns: int = 1, commit: bool = True, **overrides):
    from tavolo.directory.models import InternshipPlacement

    placement = InternshipPlacement(organization=organization, project=project, year=year,
                                    interns=interns, **overrides)
    db.session.add(placement)
    if commit:
        db.session.commit()
    return placement


def make_outcome(project: Project, *, label: str | None = None, count: int = 1,
                 commit: bool = True, **overrides):
    from tavolo.projects.models import ProjectOutcome

    outcome = ProjectOutcome(project=project, label=label or f"Risultato {next(_counter)}",
                             count=count, **overrides)
    db.session.add(outcome)
    if commit:
        db.session.commit()
    return outcome
