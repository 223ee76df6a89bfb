"""Writing minutes, decisions and action items; approving and correcting the minutes.

Approved minutes are frozen twice over: these services refuse to change them, and the guard
in ``services.freeze`` refuses any flush that would. Changing an action item's *status*
stays possible: that is follow-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import record
from tavolo.directory.models import Person
from tavolo.domain import DomainError, NotAllowed
from tavolo.editing import check_length
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Decision,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    VersionKind,
)
from tavolo.meetings.models.minutes import MinutesFrozen
from tavolo.meetings.services import notifications
from tavolo.meetings.services.agenda import project_fits
from tavolo.meetings.services.freeze import FROZEN, minutes_unfrozen
from tavolo.meetings.services.invitations import may_attend, person_for
from tavolo.meetings.services.snapshot import snapshot
from tavolo.projects.models import Project
from tavolo.types import utcnow

MAX_SUMMARY = 20_000
MAX_NOTES = 20_000
MAX_DECISION = 2_000
MAX_ACTION = 500
MAX_REASON = 1_000
MAX_STATUS_NOTE = 500

def ensure_minutes(meeting: Meeting, actor) -> Minutes:
    if meeting.minutes is None:
        meeting.minutes = Minutes(updated_by_id=getattr(actor, "id", None))
        db.session.flush()
    return meeting.minutes


def _ensure_writable(meeting: Meeting, actor) -> Minutes:
    if meeting.minutes is not None and meeting.minutes.is_approved:
        raise MinutesFrozen(FROZEN)
    if not meeting.can_write_minutes(actor):
        raise DomainError(_l("Il verbale si scrive quando la riunione è iniziata o svolta."))
    minutes = ensure_minutes(meeting, actor)
    minutes.updated_by_id = actor.id
    return minutes


def _apply_text(meeting: Meeting, minutes: Minutes, summary: str, notes: dict[int, str]) -> None:
    minutes.summary = check_length(summary, MAX_SUMMARY, "summary", _l("Il resoconto generale"))
    for item in meeting.agenda_items:
        if item.is_accepted and item.id in notes:
            item.notes = check_length(notes[item.id], MAX_NOTES, f"notes-{item.id}",
                                      _l("Il verbale del punto %(n)s", n=item.position))


def save_minutes(meeting: Meeting, actor, summary: str, notes: dict[int, str]) -> Minutes:
    """The general summary and the notes of each agenda item (Markdown)."""
    minutes = _ensure_writable(meeting, actor)
    _apply_text(meeting, minutes, summary, notes)
    db.session.flush()
    return minutes


@dataclass
class DecisionData:
    text: str
    project_id: int | None = None
    agenda_item_id: int | None = None


@dataclass
class ActionData:
    what: str
    owner_id: int | None
    due_on: dt.date | None = None
    agenda_item_id: int | None = None


def _agenda_item(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = next((i for i in meeting.agenda_items if i.id == item_id and i.is_accepted), None)
    if item is None:
        raise DomainError(_l("Il punto scelto non è nell'ordine del giorno di questa riunione."),
                           "agenda_item_id")
    return item


def _decision_values(meeting: Meeting, data: DecisionData, prefix: str = "") -> dict:
    text = check_length(data.text, MAX_DECISION, prefix + "text", _l("Il testo della decisione"))
    if not text:
        raise DomainError(_l("Scrivi il testo della decisione."), prefix + "text")
    project = None
    if data.project_id is not None:
        project = db.session.get(Project, data.project_id)
        if project is None or not project_fits(project, meeting):
            raise DomainError(_l("Il progetto scelto non esiste o non è visibile a tutti i "
                                  "partecipanti della riunione."), prefix + "project_id")
    return {"text": text, "project": project,
            "agenda_item": _agenda_item(meeting, data.agenda_item_id)}


def _action_values(meeting: Meeting, data: ActionData, prefix: str = "") -> dict:
    what = check_length(data.what, MAX_ACTION, prefix + "what", _l("La descrizione dell'azione"))
    if not what:
        raise DomainError(_l("Scrivi che cosa va fatto."), prefix + "what")
    owner = db.session.get(Person, data.owner_id) if data.owner_id is not None else None
    if owner is None:
        raise DomainError(_l("Scegli dall'elenco la persona responsabile dell'azione."),
                           prefix + "owner_id")
    if not may_attend(owner, meeting):
        raise DomainError(_l("%(name)s accede come partner e non può vedere le azioni del "
                              "gruppo ristretto.", name=owner.name), prefix + "owner_id")
    return {"what": what, "owner": owner, "due_on": data.due_on,
            "agenda_item": _agenda_item(meeting, data.agenda_item_id)}


def _rows(meeting: Meeting, model) -> list:
    return meeting.decisions if model is Decision else meeting.action_items


def _values(meeting: Meeting, data: DecisionData | ActionData) -> dict:
    if isinstance(data, DecisionData):
        return _decision_values(meeting, data)
    return _action_values(meeting, data)


def add_record(meeting: Meeting, actor, data: DecisionData | ActionData) -> Decision | ActionItem:
    """A decision (``DecisionData``) or an action item (``ActionData``) in the draft minutes:
    the same rules for both, one path."""
    _ensure_writable(meeting, actor)
    model = Decision if isinstance(data, DecisionData) else ActionItem
    extra = {}
    if model is Decision:
        extra["position"] = max((d.position for d in meeting.decisions), default=0) + 1
    row = model(meeting=meeting, **extra, **_values(meeting, data))
    db.session.add(row)
    db.session.flush()
    return row


def update_record(row: Decision | ActionItem, actor, data: DecisionData | ActionData) -> None:
    _ensure_writable(row.meeting, actor)
    for key, value in _values(row.meeting, data).items():
        setattr(row, key, value)
    db.session.flush()


def delete_record(row: Decision | ActionItem, actor) -> None:
    _ensure_writable(row.meeting, actor)
    _rows(row.meeting, type(row)).remove(row)
    db.session.flush()


def can_update_status(action: ActionItem, user) -> bool:
    """The owner follows up their own action; coordinators follow up every action."""
    if getattr(user, "is_coordinator", False):
        return True
    person = person_for(user)
    return person is not None and person.id == action.owner_id


def set_action_status(action: ActionItem, actor, status: ActionStatus, note: str = "") -> None:
    if not can_update_status(action, actor):
        raise NotAllowed(_l("Solo la persona responsabile o il coordinamento aggiornano lo "
                            "stato di un'azione."))
    note = check_length(note, MAX_STATUS_NOTE, "note", _l("La nota"))
    if status != action.status:
        action.closed_at = None if status == ActionStatus.OPEN else utcnow()
    action.status, action.status_note = status, note
    db.session.flush()


def approve(minutes: Minutes, actor, at_meeting: Meeting | None = None) -> MinutesVersion:
    """Approve the draft: it freezes, and version 1 keeps a copy of it.

    ``at_meeting`` is the meeting that accepted the minutes (the agenda item "approval of
    the previous minutes"); it must have started.
    """
    meeting = minutes.meeting
    if not meeting.can_manage(actor):
        raise NotAllowed(_l("Solo il coordinamento approva i verbali."))
    if minutes.is_approved:
        raise DomainError(_l("Il verbale è già approvato."))
    if meeting.status != MeetingStatus.HELD:
        raise DomainError(_l("Si approva il verbale di una riunione svolta: segnala prima "
                              "come svolta."))
    if at_meeting is not None and (at_meeting.status == MeetingStatus.CANCELLED
                                   or not at_meeting.has_started):
        raise DomainError(_l("L'approvazione si registra durante o dopo la riunione che la "
                              "decide."))
    now = utcnow()
    result = db.session.execute(
        sa.update(Minutes).where(Minutes.id == minutes.id, Minutes.status == MinutesStatus.DRAFT)
        .values(status=MinutesStatus.APPROVED, version=1, approved_at=now,
                approved_by_id=actor.id, updated_at=now,
                approved_in_meeting_id=at_meeting.id if at_meeting else None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise DomainError(_l("Il verbale è già approvato."))
    db.session.refresh(minutes)
    version = MinutesVersion(minutes=minutes, number=1, kind=VersionKind.APPROVAL,
                             content=snapshot(meeting), created_by_id=actor.id,
                             created_by_name=actor.name,
                             approved_in_meeting_id=at_meeting.id if at_meeting else None)
    db.session.add(version)
    record(actor, "approve", "minutes", minutes.id, meeting.title,
           {"status": ["draft", "approved"], "version": [None, 1]})
    db.session.flush()
    notifications.notify_minutes_approved(meeting)
    return version


@dataclass
class Correction:
    reason: str
    summary: str
    notes: dict[int, str]
    decisions: dict[int, DecisionData]
    actions: dict[int, ActionData]
    new_decision: DecisionData | None = None
    new_action: ActionData | None = None


def correct(minutes: Minutes, actor, correction: Correction) -> MinutesVersion:
    """Correct approved minutes: the rows change and a new version records why."""
    meeting = minutes.meeting
    if not meeting.can_manage(actor):
        raise NotAllowed(_l("Solo il coordinamento corregge i verbali."))
    if not minutes.is_approved:
        raise DomainError(_l("Il verbale è ancora una bozza: modificalo direttamente."))
    reason = check_length(correction.reason, MAX_REASON, "reason", _l("Il motivo"))
    if not reason:
        raise DomainError(_l("Scrivi il motivo della correzione: resta nello storico delle "
                              "versioni."), "reason")
    seen_version = minutes.version
    before = snapshot(meeting)
    with minutes_unfrozen():
        _apply_text(meeting, minutes, correction.summary, correction.notes)
        for decision in meeting.decisions:
            if decision.id in correction.decisions:
                values = _decision_values(meeting, correction.decisions[decision.id],
                                          f"decision-{decision.id}-")
                for key, value in values.items():
                    setattr(decision, key, value)
        for action in meeting.action_items:
            if action.id in correction.actions:
                values = _action_values(meeting, correction.actions[action.id],
                                        f"action-{action.id}-")
                for key, value in values.items():
                    setattr(action, key, value)
        if correction.new_decision is not None:
            position = max((d.position for d in meeting.decisions), default=0) + 1
            db.session.add(Decision(meeting=meeting, position=position, **_decision_values(
                meeting, correction.new_decision, "new-decision-")))
        if correction.new_action is not None:
            db.session.add(ActionItem(meeting=meeting, **_action_values(
                meeting, correction.new_action, "new-action-")))
    after = snapshot(meeting)
    if after == before:
        raise DomainError(_l("Non hai cambiato nulla: la correzione non è stata registrata."))
    # Two coordinators correcting at once: only one of them gets the next number.
    result = db.session.execute(
        sa.update(Minutes).where(Minutes.id == minutes.id, Minutes.version == seen_version)
        .values(version=seen_version + 1, updated_at=utcnow(), updated_by_id=actor.id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise DomainError(_l("Qualcun altro ha corretto il verbale nel frattempo: ricarica la "
                              "pagina e riprova."))
    db.session.refresh(minutes)
    version = MinutesVersion(minutes=minutes, number=seen_version + 1,
                             kind=VersionKind.CORRECTION, reason=reason, content=after,
                             created_by_id=actor.id, created_by_name=actor.name)
    db.session.add(version)
    record(actor, "correct", "minutes", minutes.id, meeting.title,
           {"version": [seen_version, seen_version + 1], "reason": [None, reason]})
    db.session.flush()
    return version
