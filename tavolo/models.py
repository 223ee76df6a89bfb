"""Imports every model module so that SQLAlchemy and Alembic see the whole schema."""

from tavolo.api.models import ApiToken  # noqa: F401
from tavolo.audit.models import AuditEntry  # noqa: F401
from tavolo.auth.models import User  # noqa: F401
from tavolo.calendar.models import CalendarFeedState, CalendarSettings  # noqa: F401
from tavolo.dashboard.models import DashboardVisit  # noqa: F401
from tavolo.directory.models import (  # noqa: F401
    InternshipHost,
    Organization,
    OrganizationArea,
    Person,
)
from tavolo.documents.models import Document, DocumentVersion  # noqa: F401
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
from tavolo.notices.models import Notice, NoticeSettings  # noqa: F401
from tavolo.notifications.models import (  # noqa: F401
    Digest,
    DigestItem,
    NotificationDefault,
    NotificationPreference,
)
from tavolo.opendata.models import OpenDataState  # noqa: F401
from tavolo.outbox.models import OutboxMessage  # noqa: F401
from tavolo.projects.models import (  # noqa: F401
    Deliberation,
    InternshipPlacement,
    Objective,
    Project,
    ProjectOutcome,
    ProjectTargetGroup,
)
from tavolo.proposals.models import Comment, Proposal, ProposalRevision, ProposalStatusChange  # noqa: F401
from tavolo.reports.models import MandateReport, Milestone  # noqa: F401
from tavolo.rounds.models import (  # noqa: F401
    Ballot,
    BallotEntry,
    PriorityRound,
    RoundProposal,
    RoundReminder,
)
from tavolo.search.models import SearchEntry  # noqa: F401
from tavolo.seminars.models import Registration, Seminar, Speaker, Topic  # noqa: F401
