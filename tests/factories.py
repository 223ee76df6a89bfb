"""Factory helpers: ``make_user(role="partner")`` and friends, with sensible defaults."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

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


# Proposals and priority rounds (issue 6).
def make_proposal(author: User | None = None, *, title: str | None = None, body: str = "Testo.",
                  visibility: Visibility | str = Visibility.NETWORK, projects=(),
                  organization: Organization | None = None, commit: bool = True, **overrides):
    from tavolo.proposals.services import create_proposal

    n = next(_counter)
    author = author or make_user(Role.PARTNER, password=None, commit=False)
    proposal = create_proposal(author, title=title or f"Proposta {n}", body=body,
                               visibility=visibility, projects=list(projects),
                               organization=organization)
    for key, value in overrides.items():
        setattr(proposal, key, value)
    if commit:
        db.session.commit()
    return proposal


def make_round(proposals=None, *, method: str = "dots", electorate: str = "core",
               ballot_unit: str = "person", opens_in=None, closes_in=None, secret: bool = True,
               results_visibility: str | None = None, commit: bool = True, **overrides):
    """A round built directly (any phase: ``opens_in``/``closes_in`` are timedeltas from now,
    by default opened an hour ago and closing in a day); its proposals go "in a vote".
    Results are live for open votes and after the close for secret ones, unless given."""
    import datetime as dt

    from tavolo.proposals.models import ProposalStatus
    from tavolo.rounds.models import (
        BallotUnit,
        Electorate,
        PriorityRound,
        ResultsVisibility,
        RoundProposal,
        VotingMethod,
    )
    from tavolo.types import utcnow

    n = next(_counter)
    now = utcnow()
    if results_visibility is None:
        results_visibility = "after_close" if secret else "live"
    proposals = proposals if proposals is not None else [make_proposal(commit=False)
                                                         for _ in range(3)]
    if method == "dots":
        overrides.setdefault("dots_budget", 10)
        overrides.setdefault("dots_max_per_proposal", 5)
    round_ = PriorityRound(
        title=overrides.pop("title", f"Votazione {n}"), method=VotingMethod(method),
        electorate=Electorate(electorate), ballot_unit=BallotUnit(ballot_unit),
        opens_at=now + (opens_in if opens_in is not None else -dt.timedelta(hours=1)),
        closes_at=now + (closes_in if closes_in is not None else dt.timedelta(days=1)),
        results_visibility=ResultsVisibility(results_visibility), secret=secret, **overrides)
    round_.items = [RoundProposal(proposal=p, position=i) for i, p in enumerate(proposals)]
    for proposal in proposals:
        proposal.status = ProposalStatus.VOTING
    db.session.add(round_)
    if commit:
        db.session.commit()
    return round_


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
    from tavolo.projects.models import InternshipPlacement

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


# -- meetings (issue 4) -------------------------------------------------------------------

MEETING_HOUR = 15


def meeting_start(days: float):
    """When a test meeting ``days`` from today starts: 15:00 Rome time for whole days."""
    import datetime as dt

    from tavolo.types import ROME, utcnow

    now = utcnow().replace(second=0, microsecond=0)
    if days != int(days):
        return now + dt.timedelta(days=days)
    day = now.astimezone(ROME).date() + dt.timedelta(days=int(days))
    local = dt.datetime.combine(day, dt.time(MEETING_HOUR), tzinfo=ROME)
    return local.astimezone(dt.timezone.utc)


def make_meeting(*, kind: str = "core", status: str = "scheduled", starts_in_days: float = 7,
                 hours: float = 2, title: str | None = None, visibility: str | None = None,
                 commit: bool = True, **overrides):
    """A meeting ``starts_in_days`` from today (negative: in the past), core by default.

    Whole days place it at 15:00 Rome time on that day, so it starts and ends on the same
    day whatever the hour the suite runs at; a fraction of a day (``-0.01``: started a few
    minutes ago) counts from now.
    """
    import datetime as dt

    from tavolo.meetings.models import Meeting, MeetingKind, MeetingStatus

    n = next(_counter)
    starts_at = overrides.pop("starts_at", None) or meeting_start(starts_in_days)
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


# -- seminars and documents (issue 11) --------------------------------------------------------

def make_seminar(*, title: str | None = None, starts_in_days: float = 14, hours: float = 3,
                 visibility: str = "public", commit: bool = True, **overrides):
    """A seminar ``starts_in_days`` from today (negative: in the past), public by default;
    whole days at 15:00 Rome time, like :func:`make_meeting`."""
    import datetime as dt

    from tavolo.seminars.models import Seminar

    n = next(_counter)
    starts_at = overrides.pop("starts_at", None) or meeting_start(starts_in_days)
    seminar = Seminar(title=title or f"Seminario {n}", starts_at=starts_at,
                      ends_at=overrides.pop("ends_at", None) or starts_at + dt.timedelta(hours=hours),
                      visibility=Visibility(visibility),
                      place=overrides.pop("place", "Sala conferenze"), **overrides)
    db.session.add(seminar)
    if commit:
        db.session.commit()
    return seminar


def make_topic(name: str | None = None, *, commit: bool = True):
    from tavolo.seminars.models import Topic

    n = next(_counter)
    topic = Topic(name=name or f"Tema {n}", position=n)
    db.session.add(topic)
    if commit:
        db.session.commit()
    return topic


def make_people() -> SimpleNamespace:
    """Coordinator and member of a core organisation, a partner of an extended one, each a
    login with a directory person (``.coordinator``, ``.coordinator_person`` …, ``.core_org``,
    ``.extended_org``)."""
    core_org = make_organization(name="Ufficio Lavoro", ring="core")
    extended_org = make_organization(name="Associazione Esempio", ring="extended")
    coordinator, coordinator_person = make_member_person(
        Role.COORDINATOR, organization=core_org, name="Carla Coordinatrice")
    member, member_person = make_member_person(Role.MEMBER, organization=core_org,
                                               name="Mario Membro")
    partner, partner_person = make_member_person(Role.PARTNER, organization=extended_org,
                                                 name="Paola Partner")
    return SimpleNamespace(core_org=core_org, extended_org=extended_org,
                           coordinator=coordinator, coordinator_person=coordinator_person,
                           member=member, member_person=member_person,
                           partner=partner, partner_person=partner_person)


def cheap_password_hashing(monkeypatch) -> None:
    """For tests that log in often and test no password security: Argon2 at its minimum."""
    from argon2 import PasswordHasher
    monkeypatch.setattr("tavolo.auth.models._hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def fail_second_send(monkeypatch, *modules):
    """Make ``send_templated`` as seen by each of ``modules`` write the first mail and raise
    on the second, like a disk that fills up halfway through a run. Returns a function that
    puts the real one back (the disk is free again)."""
    real = modules[0].send_templated
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["to_addr"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    for module in modules:
        monkeypatch.setattr(module, "send_templated", failing)

    def restore() -> None:
        for module in modules:
            monkeypatch.setattr(module, "send_templated", real)

    return restore
