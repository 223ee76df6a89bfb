"""Minutes: writing them, decisions and action items, approval."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tavolo.auth.decorators import coordinator_required
from tavolo.editing import saving
from tavolo.meetings import bp
from tavolo.meetings.access import get_meeting_or_404
from tavolo.meetings.forms import ActionForm, DecisionForm, minutes_form
from tavolo.meetings.routes.agenda import people_groups, project_options
from tavolo.meetings.routes.common import back_to
from tavolo.meetings.services import minutes as service


def _accepted(meeting):
    return [i for i in meeting.agenda_items if i.is_accepted]


def _editor(meeting, text_form=None, decision_form=None, action_form=None, status=200):
    items = _accepted(meeting)
    if text_form is None:
        text_form = minutes_form(items, formdata=None)
        text_form.summary.data = meeting.minutes.summary if meeting.minutes else ""
        for item in items:
            getattr(text_form, f"notes_{item.id}").data = item.notes
    return render_template(
        "meetings/minutes_edit.html", meeting=meeting, items=items, text_form=text_form,
        decision_form=decision_form or DecisionForm(formdata=None, prefix="decision"),
        action_form=action_form or ActionForm(formdata=None, prefix="action"),
        people_groups=people_groups(meeting), projects=project_options(meeting)), status


def _writable(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    if meeting.minutes is not None and meeting.minutes.is_approved:
        flash(str(service.FROZEN), "warning")
        return meeting, back_to(meeting_id, "minutes")
    if not meeting.can_write_minutes(current_user):
        flash(_("Il verbale si scrive quando la riunione è iniziata o svolta."), "warning")
        return meeting, back_to(meeting_id, "minutes")
    return meeting, None


@bp.route("/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@coordinator_required
def edit_minutes(meeting_id: int):
    meeting, refused = _writable(meeting_id)
    if refused:
        return refused
    if request.method == "GET":
        return _editor(meeting)
    items = _accepted(meeting)
    form = minutes_form(items)
    if form.validate_on_submit():
        notes = {item.id: getattr(form, f"notes_{item.id}").data or "" for item in items}
        with saving(form) as saved:
            service.save_minutes(meeting, current_user, form.summary.data or "", notes)
        if saved:
            flash(_("Verbale salvato (bozza visibile al gruppo ristretto)."), "success")
            return back_to(meeting_id, "minutes")
    return _editor(meeting, text_form=form, status=400)


@dataclass(frozen=True)
class _Record:
    """What differs between the two kinds of rows of the minutes; everything else — adding,
    editing, deleting — is one path (``_add``, ``_edit``, ``_delete``)."""

    form: type
    prefix: str
    rows: Callable
    data: Callable
    heading: object
    fields: str
    context: Callable
    anchor: str
    added: object
    changed: object
    deleted: object


DECISIONS = _Record(
    form=DecisionForm, prefix="decision", rows=lambda meeting: meeting.decisions,
    data=lambda form: service.DecisionData(text=form.text.data or "",
                                           project_id=form.project_id.data,
                                           agenda_item_id=form.agenda_item_id.data),
    heading=_l("Modifica la decisione"), fields="meetings/_decision_fields.html",
    context=lambda meeting: {"projects": project_options(meeting)},
    anchor="decisions", added=_l("Decisione aggiunta."), changed=_l("Decisione modificata."),
    deleted=_l("Decisione eliminata."))

ACTIONS = _Record(
    form=ActionForm, prefix="action", rows=lambda meeting: meeting.action_items,
    data=lambda form: service.ActionData(what=form.what.data or "", owner_id=form.owner_id.data,
                                         due_on=form.due_on.data,
                                         agenda_item_id=form.agenda_item_id.data),
    heading=_l("Modifica l'azione"), fields="meetings/_action_fields.html",
    context=lambda meeting: {"people_groups": people_groups(meeting)},
    anchor="actions", added=_l("Azione aggiunta."), changed=_l("Azione modificata."),
    deleted=_l("Azione eliminata."))


def _find(rows, row_id):
    row = next((r for r in rows if r.id == row_id), None)
    if row is None:
        abort(404)
    return row


def _add(meeting_id: int, record: _Record):
    meeting, refused = _writable(meeting_id)
    if refused:
        return refused
    form = record.form(prefix=record.prefix)
    if form.validate_on_submit():
        with saving(form) as saved:
            service.add_record(meeting, current_user, record.data(form))
        if saved:
            flash(str(record.added), "success")
            return back_to(meeting_id, record.anchor)
    return _editor(meeting, status=400, **{f"{record.prefix}_form": form})


def _edit(meeting_id: int, row_id: int, record: _Record):
    meeting, refused = _writable(meeting_id)
    if refused:
        return refused
    row = _find(record.rows(meeting), row_id)
    form = record.form(obj=row, prefix=record.prefix) if request.method == "GET" \
        else record.form(prefix=record.prefix)
    if form.validate_on_submit():
        with saving(form) as saved:
            service.update_record(row, current_user, record.data(form))
        if saved:
            flash(str(record.changed), "success")
            return back_to(meeting_id, record.anchor)
    return render_template("meetings/record_form.html", heading=record.heading,
                           fields=record.fields, meeting=meeting, form=form,
                           items=_accepted(meeting), **{record.prefix: row},
                           **record.context(meeting)), \
        400 if form.errors else 200


def _delete(meeting_id: int, row_id: int, record: _Record):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    with saving() as saved:
        service.delete_record(_find(record.rows(meeting), row_id), current_user)
    if saved:
        flash(str(record.deleted), "success")
    return back_to(meeting_id, record.anchor)


@bp.post("/<int:meeting_id>/minutes/decisions")
@coordinator_required
def add_decision(meeting_id: int):
    return _add(meeting_id, DECISIONS)


@bp.post("/<int:meeting_id>/minutes/actions")
@coordinator_required
def add_action(meeting_id: int):
    return _add(meeting_id, ACTIONS)


@bp.route("/<int:meeting_id>/minutes/decisions/<int:decision_id>/edit",
          methods=["GET", "POST"])
@coordinator_required
def edit_decision(meeting_id: int, decision_id: int):
    return _edit(meeting_id, decision_id, DECISIONS)


@bp.route("/<int:meeting_id>/minutes/actions/<int:action_id>/edit",
          methods=["GET", "POST"])
@coordinator_required
def edit_action(meeting_id: int, action_id: int):
    return _edit(meeting_id, action_id, ACTIONS)


@bp.post("/<int:meeting_id>/minutes/decisions/<int:decision_id>/delete")
@coordinator_required
def delete_decision(meeting_id: int, decision_id: int):
    return _delete(meeting_id, decision_id, DECISIONS)


@bp.post("/<int:meeting_id>/minutes/actions/<int:action_id>/delete")
@coordinator_required
def delete_action(meeting_id: int, action_id: int):
    return _delete(meeting_id, action_id, ACTIONS)


@bp.post("/<int:meeting_id>/minutes/approve")
@coordinator_required
def approve_minutes(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    if meeting.minutes is None:
        flash(_("Il verbale non è ancora stato scritto."), "warning")
        return back_to(meeting_id, "minutes")
    with saving() as saved:
        service.approve(meeting.minutes, current_user)
    if saved:
        flash(_("Verbale approvato: da ora è visibile a chi vede la riunione e non si modifica "
                "più."), "success")
    return back_to(meeting_id, "minutes")
