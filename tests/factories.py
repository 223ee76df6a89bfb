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


# -- meetings (issue 4) -------------------------------------------------------------------

def make_meeting(*, kind: str = "core", status: str = "scheduled", starts_in_days: float = 7,
                 hours: float = 2, title: str | None = None, visibility: str | None = None,
                 commit: bool = True, **overrides):
    """A meeting ``starts_in_days`` from now (negative: in the past), core by default."""
    import datetime as dt

    from tavolo.meetings.models import Meeting, MeetingKind, MeetingStatus
    from tavolo.types import utcnow

    n = next(_counter)
    starts_at = overrides.pop("starts_at", None) or (
        utcnow().replace(second=0, microsecond=0) + dt.timedelta(days=starts_in_days))
    kind = MeetingKind(kind)
    if visibility is None:
        visibility = "core" if kind == MeetingKind.CORE else "network"
    ends_at = overrides.pop("ends_at", None) or starts_at + dt.timedelta(hours=hours)
    meeting = Meeting(title=title or f"Riunione {n}", kind=kind, status=MeetingStatus(status),
                      visibility=Visibility(visibility), starts_at=starts_at, ends_at=ends_at,
                      place=overrides.pop("place", "Sala riunioni"), **overrides)
    db.session.add(meeting)
    if commit:
        db.session.commit()
    return meeting


def make_invitee(meeting, person, *, source: str = "person", commit: bool = True, **overrides):
    from tavolo.meetings.models import InviteeSource, MeetingInvitee

    invitee = MeetingInvitee(meeting=meeting, person=person, source=InviteeSource(source),
                             organization=overrides.pop("organization", person.organization),
                             **overrides)
    db.session.add(invitee)
    if commit:
        db.session.commit()
    return invitee


def make_agenda_item(meeting, *, title: str | None = None, duration_minutes: int = 15,
                     commit: bool = True, **overrides):
    """An accepted item at the end of the agenda."""
    from tavolo.meetings.models import AgendaItem, AgendaItemStatus

    n = next(_counter)
    position = overrides.pop("position", None)
    if position is None:
        position = max((i.position or 0 for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(meeting=meeting, title=title or f"Punto {n}", position=position,
                      status=AgendaItemStatus.ACCEPTED, duration_minutes=duration_minutes,
                      **overrides)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def make_member_person(role: Role | str = Role.MEMBER, *, organization=None, ring: str = "core",
                       **user_overrides):
    """A login with its directory person, in an organisation of the given ring."""
    user = make_user(role, **user_overrides)
    organization = organization or make_organization(ring=ring)
    person = make_person(organization=organization, user=user, name=user.name, email=user.email)
    return user, person
