"""The end-of-mandate report of a period, computed from the network's records.

The one rule for the figures: a report is a document people forward, so it is built only from
what the network shares. Anonymous visitors get the public data; any logged-in reader
(partner, member or coordinator) gets public and network data, never core or private rows.
The HTML page, the PDF, the Markdown and the CSV of one reader are the same figures.

Spending follows the rule of the published reports: every deliberation whose first year
falls in the period counts its total spend (``spesa complessiva``), or its contribution where
it states no total. Deliberations are as visible as their project.

Every section is one query (or two), whatever the size of the period: ``build_report`` runs
a fixed number of statements.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo.audit.services import pending_changes, record
from tavolo.directory.models import Organization, Ring
from tavolo.domain import DomainError
from tavolo.editing import check_length
from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, Decision, Meeting, MeetingInvitee, MeetingStatus
from tavolo.projects.models import (
    Deliberation,
    Project,
    ProjectOutcome,
    TargetGroup,
)
from tavolo.proposals.models import Proposal, ProposalStatus, ProposalStatusChange
from tavolo.reports.models import MandateReport
from tavolo.seminars.models import Seminar
from tavolo.types import ROME
from tavolo.visibility import Visibility

MAX_YEARS = 30
MAX_NARRATIVE = 20_000

RULE = _l("Per ogni delibera con primo anno nel periodo si conta la spesa complessiva; "
          "il contributo quando la delibera non indica una spesa complessiva.")


class ReportError(DomainError):
    """A period that cannot be reported on."""


@dataclass(frozen=True)
class Period:
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"

    @property
    def slug(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def years(self) -> range:
        return range(self.start, self.end + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """From 1 January of the first year to 1 January after the last, Rome time, in UTC."""
        first = dt.datetime(self.start, 1, 1, tzinfo=ROME).astimezone(dt.UTC)
        after = dt.datetime(self.end + 1, 1, 1, tzinfo=ROME).astimezone(dt.UTC)
        return first, after


def levels_for(user) -> list[str]:
    """The visibility levels a report for ``user`` is made of (see the module docstring)."""
    if user is not None and getattr(user, "is_authenticated", False):
        return [Visibility.PUBLIC.value, Visibility.NETWORK.value]
    return [Visibility.PUBLIC.value]


def data_years() -> tuple[int, int] | None:
    """First and last year the records speak of: deliberations, projects, mandate reports,
    held meetings and seminars (their year in UTC: a day's difference on New Year's Eve at
    most, harmless for a bound)."""
    lows, highs = [], []
    for low, high in (
        (sa.func.min(Deliberation.year), sa.func.max(Deliberation.year)),
        (sa.func.min(Project.start_year),
         sa.func.max(sa.func.coalesce(Project.end_year, Project.start_year))),
        (sa.func.min(MandateReport.start_year), sa.func.max(MandateReport.end_year)),
        (sa.func.min(sa.extract("year", Meeting.starts_at)),
         sa.func.max(sa.extract("year", Meeting.starts_at))),
        (sa.func.min(sa.extract("year", Seminar.starts_at)),
         sa.func.max(sa.extract("year", Seminar.starts_at))),
    ):
        row = db.session.execute(sa.select(low, high)).one()
        if row[0] is not None:
            lows.append(int(row[0]))
            highs.append(int(row[1]))
    if not lows:
        return None
    return min(lows), max(highs)


def period_of(start: int | None, end: int | None, years: tuple[int, int] | None) -> Period:
    """The period asked for, or ``ReportError`` with the reason in Italian."""
    if start is None or end is None:
        raise ReportError(_l("Indica l'anno di inizio e l'anno di fine del periodo."))
    if start > end:
        raise ReportError(_l("L'anno di inizio (%(start)s) viene dopo l'anno di fine (%(end)s).",
                             start=start, end=end), field="start")
    if end - start + 1 > MAX_YEARS:
        raise ReportError(_l("Il periodo è troppo lungo: al massimo %(max)s anni.",
                             max=MAX_YEARS), field="end")
    if years is None:
        raise ReportError(_l("Non ci sono ancora dati su cui fare un bilancio."))
    low, high = years
    if start < low or end > high:
        raise ReportError(_l("I dati disponibili vanno dal %(low)s al %(high)s: scegli un "
                             "periodo compreso fra questi anni.", low=low, high=high),
                          field="start" if start < low else "end")
    return Period(start, end)


@dataclass(frozen=True)
class Preset:
    label: str
    period: Period


def presets(years: tuple[int, int] | None) -> list[Preset]:
    """The mandates of the published reports, then each year with deliberations."""
    mandates = db.session.scalars(sa.select(MandateReport).order_by(MandateReport.start_year))
    found = [Preset(m.title, Period(m.start_year, m.end_year)) for m in mandates]
    if years is not None:
        single = db.session.scalars(sa.select(Deliberation.year).distinct()
                                    .order_by(Deliberation.year))
        found += [Preset(str(year), Period(year, year)) for year in single]
    return found


# -- the report ------------------------------------------------------------------------------

@dataclass
class YearSpending:
    year: int
    contribution: int = 0
    total_spend: int = 0
    counted: int = 0
    deliberations: int = 0


@dataclass
class OutcomeRow:
    project: str
    label: str
    count: int
    months: int | None
    target: str
    kind: str


@dataclass
class ProjectRow:
    project: Project
    targets: list[str]
    areas: list[str]
    outcomes: list[ProjectOutcome]


@dataclass
class MeetingRow:
    meeting: Meeting
    attended: int = 0
    organizations: int = 0
    decisions: int = 0
    actions_done: int = 0


@dataclass
class Report:
    period: Period
    audience: str
    rule: str
    spending: list[YearSpending]
    deliberations: list[Deliberation]
    total_contribution: int
    total_spend: int
    total_counted: int
    declared: MandateReport | None
    difference: int | None
    projects: list[ProjectRow]
    by_target: list[tuple[str, list[ProjectRow]]]
    outcomes: list[OutcomeRow]
    internships: list[OutcomeRow]
    outcome_kinds: list[tuple[str, int]]
    meetings: list[MeetingRow]
    attendance: int
    meeting_organizations: list[str]
    decisions: int
    actions_done: int
    seminars: list[Seminar]
    proposals: list[tuple[Proposal, dt.datetime]]
    partners: dict[str, list[str]] = field(default_factory=dict)
    partner_counts: dict[str, int] = field(default_factory=dict)
    show_names: bool = False
    narratives: list[MandateReport] = field(default_factory=list)


KIND_INTERNSHIPS = _l("Tirocini con borsa lavoro")
KIND_COURSES = _l("Corsi")
KIND_PEOPLE = _l("Persone coinvolte e altri risultati")


def outcome_kind(outcome: ProjectOutcome) -> str:
    """Internships have a duration; courses say so in their label; the rest are people."""
    if outcome.months:
        return str(KIND_INTERNSHIPS)
    if outcome.label.lower().startswith("cors"):
        return str(KIND_COURSES)
    return str(KIND_PEOPLE)


def _overlaps(first, last, period: Period):
    return sa.and_(sa.or_(first.is_(None), first <= period.end),
                   sa.or_(last.is_(None), last >= period.start))


def build_report(period: Period, user) -> Report:
    levels = levels_for(user)
    show_names = len(levels) > 1
    first, after = period.bounds()

    # Spending: one query for the deliberations of the period with their projects.
    deliberations = list(db.session.scalars(
        sa.select(Deliberation).join(Deliberation.project)
        .where(Deliberation.year.between(period.start, period.end),
               Project.visibility.in_(levels))
        .options(selectinload(Deliberation.project).load_only(Project.id, Project.title))
        .order_by(Deliberation.year, Deliberation.id)))
    per_year = {year: YearSpending(year) for year in period.years}
    for deliberation in deliberations:
        row = per_year[deliberation.year]
        row.deliberations += 1
        row.contribution += deliberation.contribution_cents or 0
        row.total_spend += deliberation.total_spend_cents or 0
        row.counted += counted_cents(deliberation)
    spending = list(per_year.values())
    total_counted = sum(row.counted for row in spending)

    declared = db.session.scalar(sa.select(MandateReport).where(
        MandateReport.start_year == period.start, MandateReport.end_year == period.end))
    difference = None
    if declared is not None and declared.declared_spend_cents is not None:
        difference = total_counted - declared.declared_spend_cents

    # Projects active in the period, with target groups, outcomes and the lead's areas.
    projects = list(db.session.scalars(
        sa.select(Project).where(Project.visibility.in_(levels),
                                 Project.start_year <= period.end,
                                 sa.or_(Project.end_year.is_(None),
                                        Project.end_year >= period.start))
        .options(selectinload(Project.target_rows), selectinload(Project.outcomes),
                 selectinload(Project.lead_organization).selectinload(Organization.area_rows))
        .order_by(Project.start_year, Project.title)))
    project_rows, outcomes = [], []
    for project in projects:
        in_period = [o for o in project.outcomes
                     if (o.period_start is None or o.period_start <= period.end)
                     and (o.period_end is None or o.period_end >= period.start)]
        lead = project.lead_organization
        areas = [str(row.area.label) for row in lead.area_rows] if lead and show_names else []
        project_rows.append(ProjectRow(project, [str(g.label) for g in project.target_groups],
                                       areas, in_period))
        outcomes += [OutcomeRow(project.title, o.label, o.count, o.months,
                                str(o.target_group.label) if o.target_group else "",
                                outcome_kind(o)) for o in in_period]
    by_target: dict[str, list[ProjectRow]] = {}
    for group in TargetGroup:
        # Each group lists its projects with the outcomes about that group (or about no
        # group of the project's), so a project serving three groups is not told thrice.
        rows = [ProjectRow(row.project, row.targets, row.areas,
                           [o for o in row.outcomes if o.target_group in (None, group)
                            or o.target_group not in row.project.target_groups])
                for row in project_rows if group in row.project.target_groups]
        if rows:
            by_target[str(group.label)] = rows
    untargeted = [row for row in project_rows if not row.project.target_groups]
    if untargeted:
        by_target[str(_l("Senza destinatari indicati"))] = untargeted
    kinds: dict[str, int] = defaultdict(int)
    for row in outcomes:
        kinds[row.kind] += row.count

    # Meetings held in the period: one query for the meetings, one per figure over all of them.
    meeting_ids = (sa.select(Meeting.id).where(
        Meeting.status == MeetingStatus.HELD, Meeting.visibility.in_(levels),
        Meeting.starts_at >= first, Meeting.starts_at < after))
    meetings = {m.id: MeetingRow(m) for m in db.session.scalars(
        sa.select(Meeting).where(Meeting.id.in_(meeting_ids)).order_by(Meeting.starts_at))}
    for meeting_id, people, orgs in db.session.execute(
            sa.select(MeetingInvitee.meeting_id, sa.func.count(),
                      sa.func.count(sa.distinct(MeetingInvitee.organization_id)))
            .where(MeetingInvitee.meeting_id.in_(meeting_ids), MeetingInvitee.attended)
            .group_by(MeetingInvitee.meeting_id)):
        meetings[meeting_id].attended = people
        meetings[meeting_id].organizations = orgs
    for meeting_id, count in db.session.execute(
            sa.select(Decision.meeting_id, sa.func.count())
            .where(Decision.meeting_id.in_(meeting_ids)).group_by(Decision.meeting_id)):
        meetings[meeting_id].decisions = count
    for meeting_id, count in db.session.execute(
            sa.select(ActionItem.meeting_id, sa.func.count())
            .where(ActionItem.meeting_id.in_(meeting_ids), ActionItem.status == "done")
            .group_by(ActionItem.meeting_id)):
        meetings[meeting_id].actions_done = count
    meeting_organizations = list(db.session.scalars(
        sa.select(Organization.name).where(Organization.id.in_(
            sa.select(MeetingInvitee.organization_id).where(
                MeetingInvitee.meeting_id.in_(meeting_ids), MeetingInvitee.attended)))
        .order_by(Organization.name))) if show_names else []

    seminars = list(db.session.scalars(
        sa.select(Seminar).where(Seminar.visibility.in_(levels), Seminar.starts_at >= first,
                                 Seminar.starts_at < after).order_by(Seminar.starts_at)))

    adopted = list(db.session.execute(
        sa.select(Proposal, sa.func.max(ProposalStatusChange.at))
        .join(ProposalStatusChange, ProposalStatusChange.proposal_id == Proposal.id)
        .where(Proposal.visibility.in_(levels), Proposal.status == ProposalStatus.ADOPTED,
               ProposalStatusChange.to_status == ProposalStatus.ADOPTED,
               ProposalStatusChange.round_id.is_not(None),
               ProposalStatusChange.at >= first, ProposalStatusChange.at < after)
        .group_by(Proposal.id).order_by(sa.func.max(ProposalStatusChange.at))))

    partners: dict[str, list[str]] = {str(Ring.CORE.label): [], str(Ring.EXTENDED.label): []}
    for name, ring in db.session.execute(
            sa.select(Organization.name, Organization.ring)
            .where(_overlaps(Organization.active_since, Organization.active_until, period))
            .order_by(Organization.name)):
        partners[str(ring.label)].append(name)
    partner_counts = {ring: len(names) for ring, names in partners.items()}
    if not show_names:
        partners = {ring: [] for ring in partners}

    narratives = list(db.session.scalars(
        sa.select(MandateReport).where(MandateReport.start_year <= period.end,
                                       MandateReport.end_year >= period.start)
        .order_by(MandateReport.start_year)))

    return Report(
        period=period,
        audience=str(_l("dati pubblici e della rete") if show_names else _l("dati pubblici")),
        rule=str(RULE), spending=spending, deliberations=deliberations,
        total_contribution=sum(row.contribution for row in spending),
        total_spend=sum(row.total_spend for row in spending), total_counted=total_counted,
        declared=declared, difference=difference, projects=project_rows,
        by_target=list(by_target.items()), outcomes=outcomes,
        internships=[row for row in outcomes if row.months],
        outcome_kinds=sorted(kinds.items(), key=lambda item: -item[1]),
        meetings=list(meetings.values()),
        attendance=sum(row.attended for row in meetings.values()),
        meeting_organizations=meeting_organizations,
        decisions=sum(row.decisions for row in meetings.values()),
        actions_done=sum(row.actions_done for row in meetings.values()),
        seminars=seminars, proposals=adopted, partners=partners,
        partner_counts=partner_counts, show_names=show_names, narratives=narratives)


def counted_cents(deliberation: Deliberation) -> int:
    """What a deliberation adds to the spending of the period (see ``RULE``)."""
    if deliberation.total_spend_cents is not None:
        return deliberation.total_spend_cents
    return deliberation.contribution_cents or 0


# -- editing a mandate report ---------------------------------------------------------------

def update_mandate(report: MandateReport, actor, *, narrative: str,
                   declared_spend_cents: int | None, seminars_held: int | None) -> None:
    """The coordinator edits the narrative and the declared figures of a published report."""
    report.narrative = check_length(narrative, MAX_NARRATIVE, "narrative", _l("Racconto"))
    if seminars_held is not None and seminars_held < 0:
        raise ReportError(_l("Il numero di seminari non può essere negativo."),
                          field="seminars_held")
    report.declared_spend_cents = declared_spend_cents
    report.seminars_held = seminars_held
    changes = pending_changes(report)
    if changes:
        record(actor, "update", "mandate_report", report.id, report.title, changes)
    db.session.flush()
