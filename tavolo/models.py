"""Imports every model module so that SQLAlchemy and Alembic see the whole schema."""

from tavolo.audit.models import AuditEntry  # noqa: F401
from tavolo.auth.models import User  # noqa: F401
from tavolo.directory.models import Organization, OrganizationArea, Person  # noqa: F401
from tavolo.directory.models import InternshipHost, InternshipPlacement  # noqa: F401
from tavolo.outbox.models import OutboxMessage  # noqa: F401
from tavolo.projects.models import (  # noqa: F401
    Deliberation,
    Objective,
    Project,
    ProjectOutcome,
    ProjectTargetGroup,
)
from tavolo.reports.models import MandateReport, Milestone  # noqa: F401
from tavolo.proposals.models import Comment, Proposal, ProposalRevision, ProposalStatusChange  # noqa: F401
from tavolo.proposals.round_models import Ballot, BallotEntry, PriorityRound, RoundProposal  # noqa: F401
from tavolo.meetings.models import (  # noqa: F401
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingInvitee,
    MeetingOrganization,
    MeetingSeries,
    Minutes,
    MinutesVersion,
)
from tavolo.calendar.models import CalendarFeedState, CalendarSettings  # noqa: F401
from tavolo.search.models import SearchEntry  # noqa: F401
