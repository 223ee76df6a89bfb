"""Helpers shared by the meeting views: loading with permissions, errors, redirects."""

from __future__ import annotations

from flask import abort, flash, g, url_for
from flask_login import current_user

from tavolo.extensions import db, login_manager
from tavolo.htmx import redirect_after_post
from tavolo.meetings.errors import MeetingError, NotAllowed
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
    if need == "manage" and not meeting.can_manage(current_user):
        abort(403)
    return meeting


def invalid_status() -> int:
    """400 for a form with errors (htmx is configured to swap 4xx answers too)."""
    return 400


def show_error(error: MeetingError, form=None) -> None:
    """Undo the request's changes and show the message by its field, or as a notice."""
    db.session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is not None:
        field.errors = [*field.errors, str(error)]
        return
    flash(str(error), "danger")
    if form is not None:
        form.form_errors.append(str(error))  # the page answers 400 like for a field error


def back_to(meeting_id: int, anchor: str | None = None):
    return redirect_after_post(url_for("meetings.detail", meeting_id=meeting_id, _anchor=anchor))
