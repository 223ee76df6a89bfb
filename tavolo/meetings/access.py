"""Who may read or run a meeting, decided in one place for every meeting page."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from tavolo.extensions import login_manager
from tavolo.meetings.models import Meeting
from tavolo.meetings.services.invitations import person_for
from tavolo.meetings.services.queries import load_meeting


def current_person():
    """The reader's directory person (cached for the request)."""
    if "meetings_person" not in g:
        g.meetings_person = person_for(current_user)
    return g.meetings_person


def get_meeting_or_404(meeting_id: int, need: str = "view") -> Meeting:
    """The meeting if the reader may see it (404 otherwise); ``need="manage"`` also requires
    a coordinator (login page for visitors, 403 for other roles)."""
    if need == "manage" and not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    meeting = load_meeting(meeting_id, current_user)
    if meeting is None:
        abort(404)
    if need == "manage" and not meeting.can_manage(current_user):
        abort(403)
    return meeting
