"""Loading the example year of meetings (``flask --app tavolo demo``).

Idempotent as a whole: when any example meeting exists nothing is added, so running the
command again — even months later — never duplicates the year. Rows are written directly
(not through the services): past meetings must be allowed, and no e-mail is sent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import sqlalchemy as sa
from babel.dates import format_date

from tavolo.auth.models import User
from tavolo.demo import data as network
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.meetings import demo_data as content
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Decision,
    InviteeSource,
    Meeting,
    MeetingInvitee,
    MeetingKind,
    MeetingOrganization,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    Rsvp,
    VersionKind,
)
from tavolo.meetings.services.agenda import proposal_fits
from tavolo.meetings.services.freeze import minutes_unfrozen
from tavolo.meetings.services.snapshot import snapshot
from tavolo.meetings.times import local_to_utc, nth_weekday
from tavolo.projects.models import Project
from tavolo.proposals import demo_data as proposal_content
from tavolo.proposals.models import Proposal
from tavolo.types import ROME, utcnow
from tavolo.visibility import Visibility

# Fixed public holidays in Italy, and Turin's patron saint: no meeting on these days.
HOLIDAYS = {(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (6, 24), (8, 15), (11, 1), (12, 8),
            (12, 24), (12, 25), (12, 26), (12, 31)}


def _working_day(day: dt.date) -> dt.date:
    """The same weekday a week later while ``day`` is a holiday or in the Christmas break."""
    while (day.month, day.day) in HOLIDAYS or (day.month == 12 and day.day >= 20) \
            or (day.month == 1 and day.day <= 6):
        day += dt.timedelta(days=7)
    return day


def _core_dates(today: dt.date, wanted: int) -> list[dt.date]:
    """First Tuesdays of the last year (August off, holidays moved a week), up to the first
    one still to come."""
    dates = []
    year, month = (today.year - 1, today.month) if today.month < 12 else (today.year, 1)
    while True:
        day = _working_day(nth_weekday(year, month, 1, 1))
        if month != 8 and day > today - dt.timedelta(days=330):
            dates.append(day)
            if day >= today:
                break
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return dates[-wanted:]


def _thursday_after(day: dt.date) -> dt.date:
    return _working_day(day + dt.timedelta(days=(3 - day.weekday()) % 7))


class _Year:
    def __init__(self, created: Counter) -> None:
        self.created = created
        self.now = utcnow()
        self.coordinator = db.session.scalar(
            sa.select(User).filter_by(email=network.DEMO_USERS[0][0]))
        self.orgs = {o.name: o for o in db.session.scalars(sa.select(Organization))}
        self.projects = {p.code: p for p in db.session.scalars(sa.select(Project))}
        self.people = self._people()
        self.previous: dict[MeetingKind, Meeting] = {}

    def _people(self) -> dict[str, Person]:
        people = {}
        for key, (email, *_rest) in zip(("coord", "member", "partner"), network.DEMO_USERS):
            people[key] = db.session.scalar(
                sa.select(Person).join(User, Person.user_id == User.id).where(User.email == email))
        for key, (name, org_name, role) in content.PEOPLE.items():
            person = db.session.scalar(sa.select(Person).filter_by(name=name))
            if person is None:
                slug = name.split(" (")[0].lower().replace(" ", ".")
                person = Person(name=name, organization=self.orgs[org_name], role=role,
                                email=f"{slug}@example.org", is_example=True)
                db.session.add(person)
                self.created["people"] += 1
            people[key] = person
        db.session.flush()
        return people

    def invite(self, meeting: Meeting, presenters: list[Person], past: bool) -> None:
        core = meeting.kind == MeetingKind.CORE
        chosen = [p for p in self.people.values()
                  if p.organization is not None
                  and (p.organization.ring.value == "core" or not core)]
        for org in sorted({p.organization for p in chosen}, key=lambda o: o.name):
            db.session.add(MeetingOrganization(meeting=meeting, organization=org))
        for person in presenters:
            if person not in chosen:
                chosen.append(person)
        for index, person in enumerate(chosen):
            guest = person.organization is None or (core and person.organization.ring.value
                                                    != "core")
            source = InviteeSource.PERSON if guest else InviteeSource.ORGANIZATION
            invitee = MeetingInvitee(meeting=meeting, person=person, source=source,
                                     organization=person.organization,
                                     invited_at=meeting.circulated_at,
                                     notified_at=meeting.circulated_at)
            if past:
                invitee.attended = index % 4 != 3 or person in presenters
                invitee.rsvp = Rsvp.YES if invitee.attended else Rsvp.NO
                invitee.rsvp_at = meeting.circulated_at + dt.timedelta(days=2)
            elif person is self.people["coord"] or index % 3 == 1:
                invitee.rsvp, invitee.rsvp_at = Rsvp.YES, self.now
            elif index % 5 == 2:
                invitee.rsvp, invitee.rsvp_at = Rsvp.MAYBE, self.now
            db.session.add(invitee)

    def meeting(self, kind: MeetingKind, day: dt.date, entry: tuple, cancelled: bool = False):
        topic, summary, items, decisions, actions = entry
        core = kind == MeetingKind.CORE
        start, end = (dt.time(15), dt.time(17)) if core else (dt.time(9, 30), dt.time(12, 30))
        starts_at = local_to_utc(day, start)
        past = starts_at < self.now
        status = (MeetingStatus.CANCELLED if cancelled else
                  MeetingStatus.HELD if past else MeetingStatus.SCHEDULED)
        label = format_date(day, "MMMM y", locale="it")
        title = (f"Gruppo di lavoro ristretto – {label}" if core
                 else f"Tavolo allargato della rete locale per il lavoro – {label}")
        meeting = Meeting(
            title=title, kind=kind, status=status, starts_at=starts_at,
            ends_at=local_to_utc(day, end), is_example=True, created_by=self.coordinator,
            visibility=Visibility.CORE if core else (
                Visibility.PUBLIC if entry is content.ENLARGED[0] else Visibility.NETWORK),
            place=content.CORE_PLACE if core else content.ENLARGED_PLACE,
            description="" if cancelled else f"Riunione dedicata a: {topic}.",
            sequence=1 if status == MeetingStatus.SCHEDULED else 2,
            circulated_at=starts_at - dt.timedelta(days=10),
            cancelled_at=starts_at - dt.timedelta(days=2) if cancelled else None,
            cancel_reason=content.CANCEL_REASON if cancelled else "")
        db.session.add(meeting)
        self.created["meetings"] += 1
        presenters = [self.people[i[2]] for i in items if i[2]]
        self.invite(meeting, presenters, past and not cancelled)
        position = 0
        previous = self.previous.get(kind)
        if core and previous is not None and previous.minutes is not None and not cancelled:
            position += 1
            db.session.add(AgendaItem(
                meeting=meeting, kind=AgendaItemKind.MINUTES_APPROVAL, position=position,
                title="Approvazione del verbale della seduta del "
                      f"{previous.local_start.strftime('%d/%m/%Y')}",
                duration_minutes=5, approves_minutes=previous.minutes))
            if past:
                self.approve(previous.minutes, meeting, starts_at + dt.timedelta(minutes=20))
        agenda = []
        for title_, minutes_, presenter, project, description, notes in items:
            position += 1
            item = AgendaItem(meeting=meeting, position=position, title=title_,
                              duration_minutes=minutes_, description=description,
                              presenter=self.people[presenter] if presenter else None,
                              project=self.projects.get(project) if project else None,
                              notes=notes if past and not cancelled else "")
            db.session.add(item)
            agenda.append(item)
        if past and not cancelled:
            self.minutes(meeting, summary, agenda, decisions, actions)
            if not core:  # the network's minutes: approved by the coordinator a week later
                self.approve(meeting.minutes, None,
                             min(self.now, starts_at + dt.timedelta(days=7)))
        if not cancelled:
            self.previous[kind] = meeting
        return meeting

    def minutes(self, meeting, summary, agenda, decisions, actions) -> None:
        meeting.minutes = Minutes(summary=summary, status=MinutesStatus.DRAFT,
                                  updated_by_id=self.coordinator.id)
        self.created["minutes"] += 1
        for position, (number, text, project) in enumerate(decisions, start=1):
            db.session.add(Decision(meeting=meeting, agenda_item=agenda[number - 1], text=text,
                                    project=self.projects.get(project) if project else None,
                                    position=position))
        for number, what, owner, days, status in actions:
            due = meeting.local_start.date() + dt.timedelta(days=days)
            closed = None
            if status != "open":
                closed = min(self.now, meeting.starts_at + dt.timedelta(days=days - 3))
            db.session.add(ActionItem(meeting=meeting, agenda_item=agenda[number - 1], what=what,
                                      owner=self.people[owner], due_on=due,
                                      status=ActionStatus(status), closed_at=closed))

    def approve(self, minutes: Minutes, at_meeting: Meeting | None,
                approved_at: dt.datetime) -> None:
        db.session.flush()
        minutes.status, minutes.version = MinutesStatus.APPROVED, 1
        minutes.approved_at, minutes.approved_by_id = approved_at, self.coordinator.id
        minutes.approved_in_meeting = at_meeting
        db.session.add(MinutesVersion(
            minutes=minutes, number=1, kind=VersionKind.APPROVAL, created_at=approved_at,
            content=snapshot(minutes.meeting), created_by_id=self.coordinator.id,
            created_by_name=self.coordinator.name,
            approved_in_meeting_id=at_meeting.id if at_meeting else None))

    def proposal(self, meeting: Meeting) -> None:
        title, minutes_, project, description = content.PARTNER_PROPOSAL
        partner = db.session.scalar(sa.select(User).filter_by(email=network.DEMO_USERS[2][0]))
        db.session.add(AgendaItem(meeting=meeting, status=AgendaItemStatus.PROPOSED, title=title,
                                  duration_minutes=minutes_, description=description,
                                  project=self.projects.get(project), proposed_by=partner,
                                  proposed_at=self.now, presenter=self.people["partner"]))


def load_meeting_examples(created: Counter) -> None:
    """Add the example year of meetings unless example meetings already exist."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Meeting)
                         .where(Meeting.is_example.is_(True))):
        return
    year = _Year(created)
    if year.coordinator is None:
        return
    today = dt.datetime.now(ROME).date()
    core_dates = _core_dates(today, len(content.CORE))
    core_entries = content.CORE[-len(core_dates):]
    enlarged_dates = [_thursday_after(today - dt.timedelta(days=days)) for days in (300, 130)]
    enlarged_dates.append(_thursday_after(today + dt.timedelta(days=12)))
    schedule = [(day, MeetingKind.CORE, entry) for day, entry in zip(core_dates, core_entries)]
    schedule += [(day, MeetingKind.ENLARGED, entry)
                 for day, entry in zip(enlarged_dates, content.ENLARGED)]
    with minutes_unfrozen():
        for day, kind, entry in sorted(schedule, key=lambda row: row[0]):
            last = year.meeting(kind, day, entry, cancelled=entry[0] == "annullata")
            if kind == MeetingKind.ENLARGED and last.status == MeetingStatus.SCHEDULED:
                year.proposal(last)


def link_example_proposals(created: Counter) -> None:
    """Link a few example agenda items to the example proposals they discuss.

    Runs after the proposals are loaded (they come later in the demo). Idempotent: an item
    that already links a proposal is left alone, so is one the rule of visibility forbids.
    """
    titles = {key: spec[1] for key, spec in proposal_content.PROPOSALS.items()}
    proposals = {p.title: p for p in db.session.scalars(
        sa.select(Proposal).where(Proposal.title.in_(titles.values())))}
    items = {i.title: i for i in db.session.scalars(
        sa.select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.is_example.is_(True), AgendaItem.proposal_id.is_(None),
               AgendaItem.title.in_([title for title, _key in content.PROPOSAL_LINKS])))}
    with minutes_unfrozen():  # the item may belong to minutes approved since
        for title, key in content.PROPOSAL_LINKS:
            item, proposal = items.get(title), proposals.get(titles[key])
            if item is not None and proposal is not None \
                    and proposal_fits(proposal, item.meeting):
                item.proposal = proposal
                created["agenda_items_linked_to_proposals"] += 1
