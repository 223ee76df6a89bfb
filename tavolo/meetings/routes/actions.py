"""Action items: "my actions", the overview of open ones, and updating a status."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from tavolo.bounds import db_id
from tavolo.directory.models import Person
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.htmx import redirect_after_post, render, wants_fragment
from tavolo.meetings import bp
from tavolo.meetings.access import current_person
from tavolo.meetings.forms import ActionStatusForm
from tavolo.meetings.models import ActionItem, ActionStatus
from tavolo.meetings.services import minutes as minutes_service
from tavolo.meetings.services.queries import action_query, my_actions, visible_actions
from tavolo.security import safe_next

OVERVIEW_PAGE = 100


@bp.get("/actions/mine")
@login_required
def my_action_items():
    person = current_person()
    actions = my_actions(current_user, person) if person is not None else []
    return render_template("meetings/my_actions.html", person=person, actions=actions,
                           status_form=ActionStatusForm(formdata=None))


@bp.get("/actions")
@login_required
def action_overview():
    """Every visible action item by owner and due date (open ones unless asked otherwise)."""
    status = request.args.get("status", "open")
    owner = request.args.get("owner", type=db_id)
    overdue = request.args.get("overdue") == "1"
    query = action_query(current_user, status=status, owner_id=owner, overdue=overdue)
    page = db.paginate(query.order_by(Person.name, ActionItem.due_on.is_(None),
                                      ActionItem.due_on, ActionItem.id),
                       per_page=OVERVIEW_PAGE, error_out=False)
    groups: list[tuple[Person, list[ActionItem]]] = []
    for action in page.items:
        if not groups or groups[-1][0].id != action.owner_id:
            groups.append((action.owner, []))
        groups[-1][1].append(action)
    owners = db.session.scalars(
        sa.select(Person).where(Person.id.in_(
            visible_actions(current_user).with_only_columns(ActionItem.owner_id)))
        .order_by(Person.name)).all()
    return render("meetings/actions.html", "meetings/_actions_table.html", listing=page,
                  groups=groups, owners=owners, status_filter=status,
                  owner=str(owner or ""), overdue=overdue,
                  statuses=list(ActionStatus), status_form=ActionStatusForm(formdata=None),
                  person=current_person())


@bp.post("/actions/<int:action_id>/status")
@login_required
def action_status(action_id: int):
    action = db.session.scalar(
        visible_actions(current_user).where(ActionItem.id == action_id)
        .options(joinedload(ActionItem.meeting), joinedload(ActionItem.owner)))
    if action is None:
        abort(404)
    if not minutes_service.can_update_status(action, current_user):
        abort(403)
    form = ActionStatusForm()
    saved = False
    if form.validate_on_submit():
        with saving(form) as saved:
            minutes_service.set_action_status(action, current_user, ActionStatus(form.status.data),
                                              form.note.data or "")
        if saved:
            saved = True
    if wants_fragment():
        return render("meetings/_action_status.html", "meetings/_action_status.html",
                      action=action, status_form=form, saved=saved)
    if saved:
        flash(_("Stato dell'azione aggiornato: %(status)s.", status=action.status.label),
              "success")
    else:
        for error in [e for field in form for e in field.errors]:
            flash(str(error), "danger")
    return redirect_after_post(safe_next(request.form.get("next"),
                                         url_for("meetings.my_action_items")))
