"""Approved minutes are frozen: a guard refuses any flush that would alter them in place.

The services already refuse such changes; this ``before_flush`` guard also catches code that
goes around them. Their text is the minutes' summary, the agenda items' notes (and the
items themselves), the decisions, the what/who/when of action items and the attendance.
Changing an action item's *status* stays possible: that is follow-up, not minutes. Only
:func:`minutes_unfrozen` lifts the guard — corrections (which write a new version) and the
demo loader use it.
"""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    MeetingInvitee,
    Minutes,
    MinutesStatus,
)
from tavolo.meetings.models.minutes import MinutesFrozen

_UNFROZEN = "tavolo_minutes_unfrozen"
# Links are listed twice, as column and as relationship: before a flush, assigning the related
# object (``item.project = p``, as the services do) has not yet changed the column.
_FROZEN_FIELDS = {
    AgendaItem: {"title", "description", "presenter_id", "presenter", "duration_minutes",
                 "project_id", "project", "proposal_id", "proposal", "position", "status",
                 "notes"},
    Decision: {"text", "project_id", "project", "agenda_item_id", "agenda_item", "position"},
    ActionItem: {"what", "owner_id", "owner", "due_on", "agenda_item_id", "agenda_item"},
    MeetingInvitee: {"attended", "organization_id", "organization"},
}

FROZEN = _l("Il verbale è approvato e non si modifica più: per cambiarlo registra una "
            "correzione, con il motivo.")


@contextmanager
def minutes_unfrozen():
    """Allow changes to approved minutes within the block (corrections, demo data)."""
    session = db.session()
    session.info[_UNFROZEN] = session.info.get(_UNFROZEN, 0) + 1
    try:
        yield
        db.session.flush()
    finally:
        session.info[_UNFROZEN] -= 1


def _approved(minutes: Minutes | None) -> bool:
    if minutes is None:
        return False
    history = sa.inspect(minutes).attrs.status.history
    return minutes.status == MinutesStatus.APPROVED or MinutesStatus.APPROVED in history.deleted


def _touches_frozen(obj, change: str) -> bool:
    """Whether this pending change (``new``, ``dirty`` or ``deleted``) alters the text of
    approved minutes."""
    if isinstance(obj, Minutes):
        state = sa.inspect(obj)
        if state.attrs.summary.history.has_changes() and _approved(obj):
            return True
        return MinutesStatus.APPROVED in state.attrs.status.history.deleted
    fields = _FROZEN_FIELDS.get(type(obj))
    if fields is None:
        return False
    if change == "dirty":
        state = sa.inspect(obj)
        if not any(state.attrs[f].history.has_changes() for f in fields):
            return False
    elif isinstance(obj, MeetingInvitee) and not obj.attended:
        return False  # inviting or removing someone who was not present changes no minutes
    meeting = obj.meeting
    return meeting is not None and _approved(meeting.minutes)


@sa.event.listens_for(Session, "before_flush")
def _refuse_changes_to_approved_minutes(session, _context, _instances) -> None:
    if session.info.get(_UNFROZEN):
        return
    with session.no_autoflush:
        for change in ("new", "dirty", "deleted"):
            for obj in getattr(session, change):
                if _touches_frozen(obj, change):
                    raise MinutesFrozen(FROZEN)
