"""Invitees, answers (RSVP) and attendance."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from tavolo.auth.decorators import coordinator_required
from tavolo.auth.models import User
from tavolo.bounds import parse_id
from tavolo.dashboard.blocks import render_block
from tavolo.directory.models import Organization, Person, Ring
from tavolo.domain import DomainError
from tavolo.editing import refuse, saving
from tavolo.extensions import db
from tavolo.forms import Form, choices
from tavolo.htmx import redirect_after_post, render, wants_fragment
from tavolo.meetings import bp
from tavolo.meetings.access import current_person, get_meeting_or_404
from tavolo.meetings.dashboard import NEXT_MEETINGS
from tavolo.meetings.forms import InviteForm, QuickRsvpForm, RsvpForm
from tavolo.meetings.models import MeetingKind, Rsvp
from tavolo.meetings.routes.common import back_to
from tavolo.meetings.routes.page import delegate_choices, rsvp_form
from tavolo.meetings.services import invitations
from tavolo.meetings.services.meetings import active_organizations


def _people_with_orgs() -> list[Person]:
    return list(db.session.scalars(
        sa.select(Person).options(joinedload(Person.organization), joinedload(Person.user))
        .order_by(Person.name)))


def _invite_context(meeting, form):
    invited_orgs = {row.organization_id for row in meeting.organizations}
    invited_people = {i.person_id for i in meeting.invitees}
    ring = Ring.CORE if meeting.kind == MeetingKind.CORE else None
    organizations = [o for o in active_organizations(ring) if o.id not in invited_orgs]
    groups: dict[str, list[Person]] = {}
    for person in _people_with_orgs():
        if person.id in invited_people or not invitations.may_attend(person, meeting):
            continue
        name = person.organization.name if person.organization else _("Senza ente")
        groups.setdefault(name, []).append(person)
    unlinked = db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(
            User.active.is_(True), ~sa.exists().where(Person.user_id == User.id)))
    return dict(meeting=meeting, form=form, organizations=organizations, unlinked=unlinked,
                people_groups=sorted(groups.items()),
                groups=invitations.invitees_by_organization(meeting),
                counts=invitations.rsvp_counts(meeting))


@bp.route("/<int:meeting_id>/invitees", methods=["GET", "POST"])
@coordinator_required
def invitees(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    form = InviteForm()
    if form.validate_on_submit():
        org_ids, person_ids = set(form.organizations.data or []), set(form.people.data or [])
        orgs = db.session.scalars(sa.select(Organization).where(
            Organization.id.in_(org_ids))).all() if org_ids else []
        people = db.session.scalars(sa.select(Person).where(
            Person.id.in_(person_ids))).all() if person_ids else []
        with saving(form) as saved:
            if len(orgs) != len(org_ids) or len(people) != len(person_ids):
                raise DomainError(_("Alcuni enti o persone scelti non esistono più: ricarica la "
                                     "pagina e riprova."))
            if not orgs and not people:
                raise DomainError(_("Scegli almeno un ente o una persona da invitare."))
            added = invitations.invite_organizations(meeting, current_user, orgs)
            more = invitations.invite_people(meeting, current_user, people)
        if saved:
            count = len(added.added) + len(more.added)
            flash(ngettext("%(num)d persona invitata.", "%(num)d persone invitate.", count),
                  "success")
            if added.skipped:
                flash(_("Non invitate perché accedono come partner: %(names)s.",
                        names=", ".join(p.name for p in added.skipped)), "warning")
            return redirect_after_post(url_for("meetings.invitees", meeting_id=meeting_id))
    return render_template("meetings/invitees.html", **_invite_context(meeting, form)), \
        400 if form.errors else 200


@bp.post("/<int:meeting_id>/invitees/<int:invitee_id>/remove")
@coordinator_required
def remove_invitee(meeting_id: int, invitee_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    invitee = next((i for i in meeting.invitees if i.id == invitee_id), None)
    if invitee is None:
        abort(404)
    name = invitee.person.name
    with saving() as saved:
        invitations.remove_invitee(meeting, current_user, invitee)
    if saved:
        flash(_("%(name)s non è più tra gli invitati.", name=name), "success")
    return redirect_after_post(url_for("meetings.invitees", meeting_id=meeting_id))


@bp.post("/<int:meeting_id>/organizations/<int:organization_id>/remove")
@coordinator_required
def remove_organization(meeting_id: int, organization_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    with saving() as saved:
        count = invitations.remove_organization(meeting, current_user, organization_id)
    if saved:
        flash(ngettext("Ente ritirato dagli invitati, con %(num)d persona.",
                       "Ente ritirato dagli invitati, con %(num)d persone.", count), "success")
    return redirect_after_post(url_for("meetings.invitees", meeting_id=meeting_id))


def _answer(meeting, invitee, form) -> bool:
    """Validate the answer form and record it; False (with errors on the form) otherwise."""
    form.delegate.choices = choices([("", "—")]) + delegate_choices(invitee)
    if not form.validate_on_submit():
        return False
    delegate = None
    if form.delegate.data is not None:
        delegate = db.session.get(Person, form.delegate.data)
        if delegate is None:
            form.delegate.errors = [_("La persona scelta come delegata non esiste.")]
            return False
    try:
        invitations.answer(meeting, invitee, current_user, Rsvp(form.answer.data),
                           delegate=delegate, note=form.note.data or "")
    except DomainError as error:
        refuse(error, form)
        return False
    db.session.commit()
    return True


@bp.post("/<int:meeting_id>/rsvp")
@login_required
def rsvp(meeting_id: int):
    """The reader answers their own invitation (one click; htmx swaps the answer box)."""
    meeting = get_meeting_or_404(meeting_id)
    invitee = meeting.invitee_for(current_person())
    if invitee is None:
        abort(403)
    form = RsvpForm()
    ok = _answer(meeting, invitee, form)
    if wants_fragment():
        meeting = get_meeting_or_404(meeting_id)
        invitee = meeting.invitee_for(current_person())
        return render("meetings/_rsvp.html", "meetings/_rsvp.html", meeting=meeting,
                      my_invitee=invitee, rsvp_form=rsvp_form(invitee) if ok else form,
                      can_rsvp=meeting.can_rsvp(current_user, invitee), saved=ok)
    if ok:
        flash(_("Risposta registrata: %(answer)s.", answer=Rsvp(form.answer.data).label),
              "success")
    else:
        for error in [e for field in form for e in field.errors]:
            flash(str(error), "danger")
    return back_to(meeting_id, "rsvp")


@bp.post("/<int:meeting_id>/rsvp/quick")
@login_required
def rsvp_quick(meeting_id: int):
    """The dashboard's one-click answer: back to the dashboard with a notice, or (htmx) the
    dashboard block with the new answer."""
    meeting = get_meeting_or_404(meeting_id)
    invitee = meeting.invitee_for(current_person())
    if invitee is None:
        abort(403)
    form = QuickRsvpForm()
    ok, message = False, ""
    if form.validate_on_submit():
        with saving(form, quiet=True) as saved:
            invitations.answer_in_one_click(meeting, invitee, current_user,
                                            Rsvp(form.answer.data))
        ok = saved.ok
        message = (_("Risposta registrata: %(answer)s.", answer=Rsvp(form.answer.data).label)
                   if ok else saved.error)
    else:
        message = _("Risposta non registrata: scegli Partecipo, Forse o Non partecipo.")
    if wants_fragment():
        response = make_response(render_block(NEXT_MEETINGS, current_user, notice=message,
                                              notice_ok=ok))
        response.vary.add("HX-Request")
        return response
    flash(message, "success" if ok else "danger")
    return redirect_after_post(url_for("main.index", _anchor=f"block-{NEXT_MEETINGS}"))


@bp.post("/<int:meeting_id>/invitees/<int:invitee_id>/rsvp")
@coordinator_required
def rsvp_for(meeting_id: int, invitee_id: int):
    """The coordinator records an answer received by phone or e-mail."""
    meeting = get_meeting_or_404(meeting_id, need="manage")
    invitee = next((i for i in meeting.invitees if i.id == invitee_id), None)
    if invitee is None:
        abort(404)
    form = RsvpForm()
    if _answer(meeting, invitee, form):
        flash(_("Risposta di %(name)s registrata.", name=invitee.person.name), "success")
    else:
        for error in [e for field in form for e in field.errors]:
            flash(str(error), "danger")
    return redirect_after_post(url_for("meetings.invitees", meeting_id=meeting_id))


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@coordinator_required
def attendance(meeting_id: int):
    meeting = get_meeting_or_404(meeting_id, need="manage")
    form = Form()
    if form.validate_on_submit():
        with saving() as saved:
            present = {parse_id(v) for v in request.form.getlist("present") if v.isdigit()}
            added_ids = {parse_id(v) for v in request.form.getlist("add_person") if v.isdigit()}
            added = db.session.scalars(sa.select(Person).where(
                Person.id.in_(added_ids))).all() if added_ids else []
            count = invitations.record_attendance(meeting, current_user, present, added)
        if saved:
            flash(ngettext("Presenze registrate: %(num)d persona presente.",
                           "Presenze registrate: %(num)d persone presenti.", count), "success")
            return back_to(meeting_id, "attendance")
    invited = {i.person_id for i in meeting.invitees}
    others = [p for p in _people_with_orgs() if p.id not in invited]
    return render_template("meetings/attendance.html", meeting=meeting, form=form,
                           groups=invitations.invitees_by_organization(meeting),
                           quorum=invitations.quorum(meeting), others=others,
                           can_take=meeting.can_take_attendance(current_user))
