"""Corrections of approved minutes, earlier versions and the printable minutes."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tavolo.auth.decorators import coordinator_required
from tavolo.domain import DomainError
from tavolo.editing import refuse
from tavolo.extensions import db
from tavolo.meetings import bp
from tavolo.meetings.access import get_meeting_or_404
from tavolo.meetings.forms import minutes_form
from tavolo.meetings.routes.agenda import people_groups, project_options
from tavolo.meetings.routes.common import back_to
from tavolo.meetings.routes.page import meeting_page_context
from tavolo.meetings.services import minutes as service
from tavolo.pdf import pdf_response, render_pdf


def _accepted(meeting):
    return [i for i in meeting.agenda_items if i.is_accepted]


def _parse_date(value: str, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DomainError(_("Scrivi una data valida, per esempio 2026-03-03."), field) from None


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _correction(meeting, form) -> service.Correction:
    data = request.form
    decisions = {d.id: service.DecisionData(
        text=data.get(f"decision-{d.id}-text", ""),
        project_id=_int_or_none(data.get(f"decision-{d.id}-project_id")),
        agenda_item_id=_int_or_none(data.get(f"decision-{d.id}-agenda_item_id")))
        for d in meeting.decisions}
    actions = {a.id: service.ActionData(
        what=data.get(f"action-{a.id}-what", ""),
        owner_id=_int_or_none(data.get(f"action-{a.id}-owner_id")),
        due_on=_parse_date(data.get(f"action-{a.id}-due_on", ""), f"action-{a.id}-due_on"),
        agenda_item_id=_int_or_none(data.get(f"action-{a.id}-agenda_item_id")))
        for a in meeting.action_items}
    new_decision = new_action = None
    if data.get("new-decision-text", "").strip():
        new_decision = service.DecisionData(
            text=data["new-decision-text"],
            project_id=_int_or_none(data.get("new-decision-project_id")),
            agenda_item_id=_int_or_none(data.get("new-decision-agenda_item_id")))
    if data.get("new-action-what", "").strip():
        new_action = service.ActionData(
            what=data["new-action-what"], owner_id=_int_or_none(data.get("new-action-owner_id")),
            due_on=_parse_date(data.get("new-action-due_on", ""), "new-action-due_on"),
            agenda_item_id=_int_or_none(data.get("new-action-agenda_item_id")))
    return service.Correction(
        reason=form.reason.data or "", summary=form.summary.data or "",
        notes={i.id: getattr(form, f"notes_{i.id}").data or "" for i in _accepted(meeting)},
        decisions=decisions, actions=actions, new_decision=new_decision, new_action=new_action)


@bp.route("/<int:meeting_id>/minutes/correct", methods=["GET", "POST"])
@coordinator_required
def correct_minutes(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    minutes = meeting.minutes
    if minutes is None or not minutes.is_approved:
        flash(_("Il verbale è ancora una bozza: modificalo direttamente."), "info")
        return back_to(meeting_id, "minutes")
    items = _accepted(meeting)
    form = minutes_form(items, correction=True)
    problems: dict[str, str] = {}
    if request.method == "GET":
        form.summary.data = minutes.summary
        for item in items:
            getattr(form, f"notes_{item.id}").data = item.notes
    elif form.validate_on_submit():
        try:
            version = service.correct(minutes, current_user, _correction(meeting, form))
        except DomainError as error:
            if error.field and not hasattr(form, error.field):
                db.session.rollback()
                problems[error.field] = str(error)
            else:
                refuse(error, form)
        else:
            db.session.commit()
            flash(_("Correzione registrata: versione %(n)d del verbale.", n=version.number),
                  "success")
            return back_to(meeting_id, "minutes")
    if request.method == "POST" and (form.errors or problems):
        meeting = get_meeting_or_404(meeting_id, need="manage")
    return render_template("meetings/minutes_correct.html", meeting=meeting, form=form,
                           items=items, problems=problems, values=request.form,
                           people_groups=people_groups(meeting),
                           projects=project_options(meeting)), \
        400 if (form.errors or problems) else 200


@bp.get("/<int:meeting_id>/minutes/versions/<int:number>")
def minutes_version(meeting_id: int, number: int):
    meeting = get_meeting_or_404(meeting_id)
    if not meeting.can_view_minutes(current_user):
        abort(404)
    version = next((v for v in meeting.minutes.versions if v.number == number), None)
    if version is None:
        abort(404)
    return render_template("meetings/minutes_version.html", meeting=meeting, version=version,
                           see_people=meeting.can_see_people(current_user))


@bp.get("/<int:meeting_id>/minutes/print")
def print_minutes(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id)
    if not meeting.can_view_minutes(current_user):
        abort(404)
    return render_template("meetings/print_minutes.html", **meeting_page_context(meeting),
                           pdf_url=url_for("meetings.print_minutes_pdf", meeting_id=meeting.id))


@bp.get("/<int:meeting_id>/minutes/print.pdf")
def print_minutes_pdf(meeting_id: int):
    """The printable minutes as an A4 PDF (WeasyPrint), for the same readers as the page."""
    meeting = get_meeting_or_404(meeting_id)
    if not meeting.can_view_minutes(current_user):
        abort(404)
    html = render_template("meetings/print_minutes.html", **meeting_page_context(meeting),
                           layout="pdf/document.html", pdf_url="")
    return pdf_response(render_pdf(html, request.url_root),
                        f"verbale-{meeting.starts_at:%Y-%m-%d}-{meeting.id}.pdf")
