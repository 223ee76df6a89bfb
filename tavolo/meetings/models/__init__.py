"""The meetings' tables, importable from one place."""

from tavolo.meetings.models.agenda import (  # noqa: F401
    MAX_DURATION_MINUTES,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
)
from tavolo.meetings.models.invitee import (  # noqa: F401
    InviteeSource,
    MeetingInvitee,
    MeetingOrganization,
    Rsvp,
)
from tavolo.meetings.models.meeting import (  # noqa: F401
    ALLOWED_VISIBILITY,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
)
from tavolo.meetings.models.minutes import (  # noqa: F401
    ActionItem,
    ActionStatus,
    Decision,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    VersionKind,
)
