"""An adopted proposal taken to the agenda of an upcoming meeting (a follow-up offered on the
proposal page): choose the meeting, check the prefilled item, add it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import db_id
from tavolo.editing import saving
from tavolo.meetings import bp
from tavolo.meetings.forms import AgendaItemForm
from tavolo.meetings.routes.agenda import item_data, people_groups, project_options
from tavolo.meetings.routes.common import back_to
from tavolo.meetings.services import proposal_links
from tavolo.proposals.access import get_proposal_or_404


@bp.route("/agenda/from-proposal/<int:proposal_id>", methods=["GET", "POST"])
@coordinator_required
def item_from_proposal(proposal_id: int):
    """``?meeting=<id>`` picks the meeting (the next one by default); the form adds the item."""
    proposal = get_proposal_or_404(proposal_id)
    if not proposal_links.can_take_to_agenda(proposal, current_user):
        flash(_("Si porta all'ordine del giorno da qui solo una proposta adottata."), "warning")
        return redirect(url_for("proposals.detail", proposal_id=proposal.id), code=303)
    targets = proposal_links.targets_for(proposal, current_user)
    wanted = request.values.get("meeting", type=db_id)
    meeting = targets.pick(wanted)
    if wanted is not None and meeting is None:
        if request.method == "POST":
            flash(_("La riunione scelta non è più in programma o non può ricevere questa "
                    "proposta: scegline un'altra."), "danger")
            return redirect(url_for("meetings.item_from_proposal", proposal_id=proposal.id),
                            code=303)
        abort(404)
    form = None
    if meeting is not None:
        form = AgendaItemForm(formdata=None, obj=proposal_links.prefill(
            proposal, meeting, current_user)) if request.method == "GET" else AgendaItemForm()
        if form.validate_on_submit():
            with saving(form) as saved:
                item = proposal_links.add_from_proposal(proposal, meeting, current_user,
                                                        item_data(form))
            if saved:
                flash(_("«%(title)s» è al punto %(number)d dell'ordine del giorno.",
                        title=item.title, number=item.position), "success")
                return back_to(meeting.id, f"item-{item.id}")
    context = {"proposal": proposal, "targets": targets, "meeting": meeting, "form": form}
    if meeting is not None:
        context.update(people_groups=people_groups(meeting), projects=project_options(meeting),
                       already=targets.already.get(meeting.id))
    return render_template("meetings/item_from_proposal.html", **context), \
        400 if form is not None and form.errors else 200
