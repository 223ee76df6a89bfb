"""Meeting lists, the meeting page, creating, editing and the status changes."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from tavolo.audit.history import history_view
from tavolo.audit.services import history_of
from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import db_id, db_int
from tavolo.domain import DomainError
from tavolo.editing import refuse, saved_then, saving
from tavolo.extensions import db
from tavolo.htmx import redirect_after_post, render
from tavolo.meetings import bp
from tavolo.meetings.access import current_person, get_meeting_or_404
from tavolo.meetings.forms import CancelForm, MeetingForm, SeriesForm
from tavolo.meetings.models import MeetingKind, MeetingStatus
from tavolo.meetings.routes.common import back_to, detail_url
from tavolo.meetings.routes.page import meeting_page_context
from tavolo.meetings.services import meetings as service
from tavolo.meetings.services import series as series_service
from tavolo.meetings.services.queries import (
    PER_PAGE,
    MeetingFilters,
    meeting_rows,
    meeting_years,
    meetings_query,
    projects_for_filter,
)
from tavolo.pdf import pdf_response, render_pdf
from tavolo.visibility import Visibility


def _year_arg() -> int | None:
    year = request.args.get("year", type=db_int)
    return year if year is not None and 1900 <= year <= 2100 else None


@bp.get("/")
def index():
    filters = MeetingFilters(when="past" if request.args.get("when") == "past" else "upcoming",
                             kind=request.args.get("kind", ""), year=_year_arg(),
                             project_id=request.args.get("project", type=db_id))
    page = db.paginate(meetings_query(current_user, filters), per_page=PER_PAGE, error_out=False)
    rows = meeting_rows(list(page.items), current_person())
    context = dict(listing=page, rows=rows, filters=filters, kinds=list(MeetingKind),
                   years=meeting_years(current_user),
                   projects=[(p.id, p.title) for p in projects_for_filter(current_user)],
                   now=dt.datetime.now(dt.UTC))
    return render("meetings/index.html", "meetings/_list.html", **context)


@bp.get("/<int:meeting_id>")
def detail(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id)
    history = history_of("meeting", meeting.id) if meeting.can_manage(current_user) else []
    return render_template("meetings/detail.html", **history_view("meeting", history),
                           **meeting_page_context(meeting))


def _data(form) -> service.MeetingData:
    return service.MeetingData(
        title=form.title.data or "", kind=MeetingKind(form.kind.data),
        visibility=Visibility(form.visibility.data), day=form.day.data, start=form.start.data,
        end=form.end.data, place=form.place.data or "", online_url=form.online_url.data or "",
        description=form.description.data or "", quorum=form.quorum.data)


@bp.route("/new", methods=["GET", "POST"])
@coordinator_required
def create():
    form = MeetingForm()
    if request.method == "GET":
        form.visibility.data = Visibility.CORE.value
        form.start.data, form.end.data = dt.time(15, 0), dt.time(17, 0)
    done = saved_then(form, lambda: service.create_meeting(
        current_user, _data(form), invite_network=form.invite_network.data),
        _("Riunione creata: ora prepara l'ordine del giorno e poi dirama la convocazione."),
        lambda meeting: detail_url(meeting.id))
    if done is not None:
        return done
    return render_template("meetings/form.html", form=form, meeting=None), \
        400 if form.errors else 200


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    if not meeting.is_open:
        flash(_("Una riunione svolta o annullata non si può più modificare."), "warning")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    if request.method == "GET":
        form.kind.data, form.visibility.data = meeting.kind.value, meeting.visibility.value
        form.day.data = meeting.local_start.date()
        form.start.data, form.end.data = meeting.local_start.time(), meeting.local_end.time()
    if form.validate_on_submit():
        form.kind.data = meeting.kind.value  # shown, never changed
        with saving(form) as saved:
            changed = service.update_meeting(meeting, current_user, _data(form))
        if saved:
            if changed and meeting.status == MeetingStatus.SCHEDULED:
                flash(_("Modifiche salvate: gli invitati sono stati avvisati del cambio di orario "
                        "o di luogo."), "success")
            else:
                flash(_("Modifiche salvate."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id), code=303)
    return render_template("meetings/form.html", form=form, meeting=meeting), \
        400 if form.errors else 200


@bp.route("/series/new", methods=["GET", "POST"])
@coordinator_required
def create_series():
    form = SeriesForm()
    if request.method == "GET":
        form.start.data, form.end.data = dt.time(15, 0), dt.time(17, 0)
    preview = None
    if form.validate_on_submit():
        data = series_service.SeriesData(
            title=form.title.data, kind=MeetingKind(form.kind.data),
            visibility=Visibility(form.visibility.data), ordinal=form.ordinal.data,
            weekday=form.weekday.data, start=form.start.data, end=form.end.data,
            first_date=form.first_date.data, until_date=form.until_date.data,
            place=form.place.data or "", online_url=form.online_url.data or "",
            description=form.description.data or "")
        try:
            if "preview" in request.form:
                preview = series_service.occurrences(data)
            else:
                series = series_service.create_series(current_user, data,
                                                      invite_network=form.invite_network.data)
                count = len(series.meetings)
                db.session.commit()
                flash(ngettext("Creata %(num)d riunione della serie.",
                               "Create %(num)d riunioni della serie.", count), "success")
                return redirect(url_for("meetings.index"), code=303)
        except DomainError as error:
            refuse(error, form)
    return render_template("meetings/series_form.html", form=form, preview=preview), \
        400 if form.errors else 200


@bp.post("/<int:meeting_id>/circulate")
@coordinator_required
def circulate(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    with saving() as saved:
        sent = service.circulate(meeting, current_user)
    if saved:
        flash(ngettext("Convocazione diramata: %(num)d e-mail nella posta in uscita.",
                       "Convocazione diramata: %(num)d e-mail nella posta in uscita.", sent),
              "success")
    return back_to(meeting_id)


@bp.route("/<int:meeting_id>/cancel", methods=["GET", "POST"])
@coordinator_required
def cancel(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    form = CancelForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            sent = service.cancel(meeting, current_user, form.reason.data or "")
        if saved:
            flash(ngettext("Riunione annullata: %(num)d invitato avvisato.",
                           "Riunione annullata: %(num)d invitati avvisati.", sent), "success")
            return redirect_after_post(url_for("meetings.detail", meeting_id=meeting_id))
    return render_template("meetings/cancel.html", form=form, meeting=meeting), \
        400 if form.errors else 200


@bp.post("/<int:meeting_id>/held")
@coordinator_required
def held(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    with saving() as saved:
        service.mark_held(meeting, current_user)
    if saved:
        flash(_("Riunione segnata come svolta: ora si può scrivere il verbale."), "success")
    return back_to(meeting_id)


@bp.post("/<int:meeting_id>/delete")
@coordinator_required
def delete(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    try:
        service.delete_draft(meeting, current_user)
    except DomainError as error:
        refuse(error)
        return back_to(meeting_id)
    db.session.commit()
    flash(_("Riunione eliminata."), "success")
    return redirect_after_post(url_for("meetings.index"))


@bp.get("/<int:meeting_id>/print")
def print_agenda(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id)
    return render_template("meetings/print_agenda.html", **meeting_page_context(meeting),
                           pdf_url=url_for("meetings.print_agenda_pdf", meeting_id=meeting.id))


@bp.get("/<int:meeting_id>/print.pdf")
def print_agenda_pdf(meeting_id: int):
    """The printable agenda as an A4 PDF (WeasyPrint), for the same readers as the page."""
    meeting = get_meeting_or_404(meeting_id)
    html = render_template("meetings/print_agenda.html", **meeting_page_context(meeting),
                           layout="pdf/document.html", pdf_url="")
    return pdf_response(render_pdf(html, request.url_root),
                        f"ordine-del-giorno-{meeting.starts_at:%Y-%m-%d}-{meeting.id}.pdf")
