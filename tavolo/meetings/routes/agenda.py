"""The agenda: adding, editing, ordering, proposing and deciding on proposals."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import parse_id
from tavolo.directory.models import Person
from tavolo.domain import DomainError
from tavolo.editing import refuse, saved_then, saving
from tavolo.extensions import db
from tavolo.htmx import render, wants_fragment
from tavolo.meetings import bp
from tavolo.meetings.access import current_person, get_meeting_or_404
from tavolo.meetings.forms import AgendaItemForm, DeclineForm
from tavolo.meetings.models import AgendaItem, AgendaItemStatus, Meeting
from tavolo.meetings.routes.common import back_to, detail_url
from tavolo.meetings.routes.page import meeting_page_context
from tavolo.meetings.services import agenda as service
from tavolo.meetings.services import minutes as minutes_service
from tavolo.meetings.services.invitations import may_attend
from tavolo.meetings.services.proposal_links import proposal_choices
from tavolo.projects.models import Project
from tavolo.visibility import visible_levels


def people_groups(meeting: Meeting) -> list[tuple[str, list[Person]]]:
    """Everyone who may present at (or own an action of) this meeting, by organisation."""
    people = db.session.scalars(
        sa.select(Person).options(joinedload(Person.organization), joinedload(Person.user))
        .order_by(Person.name)).all()
    groups: dict[str, list[Person]] = {}
    for person in people:
        if may_attend(person, meeting):
            name = person.organization.name if person.organization else _("Senza ente")
            groups.setdefault(name, []).append(person)
    return sorted(groups.items())


def project_options(meeting: Meeting) -> list[Project]:
    """Projects every reader of the meeting may see, and so may be linked to it."""
    projects = db.session.scalars(
        sa.select(Project).where(Project.visibility.in_(visible_levels(current_user)))
        .order_by(Project.title)).all()
    return [p for p in projects if service.project_fits(p, meeting, current_user)]


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = next((i for i in meeting.agenda_items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


def item_data(form) -> service.ItemData:
    return service.ItemData(title=form.title.data or "", description=form.description.data or "",
                            duration_minutes=form.duration_minutes.data,
                            presenter_id=form.presenter_id.data, project_id=form.project_id.data,
                            proposal_id=form.proposal_id.data)


def _form_page(meeting, form, item=None, mode="new"):
    return render_template("meetings/agenda_form.html", meeting=meeting, form=form, item=item,
                           mode=mode, people_groups=people_groups(meeting),
                           projects=project_options(meeting),
                           proposals=proposal_choices(meeting, current_user,
                                                      item.proposal if item else None)), \
        400 if form.errors else 200


def _agenda_response(meeting_id: int, anchor: str = "agenda"):
    """The agenda fragment for htmx, the meeting page for everybody else."""
    if wants_fragment():
        meeting = get_meeting_or_404(meeting_id)
        return render("meetings/_agenda.html", "meetings/_agenda.html",
                      **meeting_page_context(meeting))
    return back_to(meeting_id, anchor)


@bp.route("/<int:meeting_id>/agenda/new", methods=["GET", "POST"])
@coordinator_required
def add_item(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    form = AgendaItemForm()
    done = saved_then(form, lambda: service.add_item(meeting, current_user, item_data(form)),
                      _("Punto aggiunto all'ordine del giorno."),
                      lambda item: detail_url(meeting_id, f"item-{item.id}"))
    return done if done is not None else _form_page(meeting, form)


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_item(meeting_id: int, item_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    item = _item(meeting, item_id)
    form = AgendaItemForm(obj=item) if request.method == "GET" else AgendaItemForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            if item.status == AgendaItemStatus.PROPOSED and "accept" in request.form:
                service.accept_proposal(item, current_user, item_data(form))
                message = _("Proposta accettata e aggiunta in fondo all'ordine del giorno.")
            else:
                service.update_item(item, current_user, item_data(form))
                message = _("Punto modificato.")
        if saved:
            flash(message, "success")
            return back_to(meeting_id, f"item-{item.id}")
    return _form_page(meeting, form, item, mode="edit")


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/move")
@coordinator_required
def move_item(meeting_id: int, item_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    item = _item(meeting, item_id)
    offset = -1 if request.form.get("direction") == "up" else 1
    with saving():
        service.move_item(item, current_user, offset)
    return _agenda_response(meeting_id, f"item-{item_id}")


@bp.post("/<int:meeting_id>/agenda/reorder")
@coordinator_required
def reorder(meeting_id: int):
    """Drag and drop sends the whole order: ``order=<id>&order=<id>…``."""
    meeting = get_meeting_or_404(meeting_id, need="manage")
    ids = [parse_id(v) for v in request.form.getlist("order") if v.isdigit()]
    with saving():
        service.reorder(meeting, current_user, ids)
    return _agenda_response(meeting_id)


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/delete")
@coordinator_required
def delete_item(meeting_id: int, item_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    item = _item(meeting, item_id)
    with saving() as saved:
        service.delete_item(item, current_user)
    if saved:
        flash(_("Punto tolto dall'ordine del giorno."), "success")
    return back_to(meeting_id, "agenda")


@bp.route("/<int:meeting_id>/agenda/propose", methods=["GET", "POST"])
@login_required
def propose(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id)
    invitee = meeting.invitee_for(current_person())
    if not meeting.can_propose_item(current_user, invitee):
        abort(403)
    form = AgendaItemForm()
    if request.method == "GET" and current_person() is not None:
        form.presenter_id.data = current_person().id
    done = saved_then(form, lambda: service.propose_item(meeting, current_user, invitee,
                                                         item_data(form)),
                      _("Proposta inviata al coordinamento: riceverai una e-mail quando sarà "
                        "esaminata."), detail_url(meeting_id, "proposals"))
    return done if done is not None else _form_page(meeting, form, mode="propose")


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/accept")
@coordinator_required
def accept(meeting_id: int, item_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    with saving() as saved:
        service.accept_proposal(_item(meeting, item_id), current_user)
    if saved:
        flash(_("Proposta accettata e aggiunta in fondo all'ordine del giorno."), "success")
    return back_to(meeting_id, "agenda")


@bp.route("/<int:meeting_id>/agenda/<int:item_id>/decline", methods=["GET", "POST"])
@coordinator_required
def decline(meeting_id: int, item_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    item = _item(meeting, item_id)
    form = DeclineForm()
    done = saved_then(form, lambda: service.decline_proposal(item, current_user, form.reason.data),
                      _("Proposta non accolta: chi l'ha proposta riceve il motivo per e-mail."),
                      detail_url(meeting_id, "proposals"))
    if done is not None:
        return done
    return render_template("meetings/decline.html", meeting=meeting, item=item, form=form), \
        400 if form.errors else 200


@bp.post("/<int:meeting_id>/agenda/previous-minutes")
@coordinator_required
def add_previous_minutes(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    try:
        item = service.add_previous_minutes_item(meeting, at_top=True)
    except DomainError as error:
        refuse(error)
        return back_to(meeting_id, "agenda")
    if item is None:
        flash(_("Non c'è un verbale della riunione precedente in attesa di approvazione."), "info")
        return back_to(meeting_id, "agenda")
    db.session.commit()
    flash(_("Aggiunto il punto per l'approvazione del verbale precedente."), "success")
    return back_to(meeting_id, f"item-{item.id}")


@bp.post("/<int:meeting_id>/agenda/<int:item_id>/approve-minutes")
@coordinator_required
def approve_previous_minutes(meeting_id: int, item_id: int):
    """The meeting accepted the previous minutes: record the approval, linked to it."""
    meeting = get_meeting_or_404(meeting_id, need="manage")
    item = _item(meeting, item_id)
    if item.approves_minutes is None:
        abort(404)
    with saving() as saved:
        minutes_service.approve(item.approves_minutes, current_user, at_meeting=meeting)
    if saved:
        flash(_("Verbale approvato dalla riunione."), "success")
    return back_to(meeting_id, f"item-{item_id}")

