"""What the meeting page (and its fragments and printable versions) shows to the reader."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user
from sqlalchemy.orm import joinedload

from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.forms import choices
from tavolo.meetings.access import current_person
from tavolo.meetings.forms import RsvpForm
from tavolo.meetings.models import AgendaItemStatus, Meeting, Rsvp
from tavolo.meetings.services import invitations, queries, schedule
from tavolo.types import utcnow


def delegate_choices(invitee) -> list:
    """Colleagues of the invitee's organisation who may stand in (one query)."""
    if invitee is None or invitee.organization_id is None:
        return []
    people = db.session.scalars(
        sa.select(Person).where(Person.organization_id == invitee.organization_id,
                                Person.id != invitee.person_id)
        .options(joinedload(Person.user)).order_by(Person.name)).all()
    return choices((str(p.id), p.name) for p in people
                   if invitations.may_attend(p, invitee.meeting))


def rsvp_form(invitee) -> RsvpForm:
    form = RsvpForm(formdata=None)
    form.delegate.choices = choices([("", "—")]) + delegate_choices(invitee)
    if invitee is not None:
        form.answer.data = invitee.rsvp.value if invitee.rsvp != Rsvp.PENDING else None
        form.note.data = invitee.rsvp_note
        delegate = invitee.delegate
        form.delegate.data = delegate.person_id if delegate is not None else None
    return form


def meeting_page_context(meeting: Meeting) -> dict:
    user = current_user
    person = current_person()
    my_invitee = meeting.invitee_for(person)
    manage = meeting.can_manage(user)
    if manage:
        proposals = [i for i in meeting.agenda_items if i.status == AgendaItemStatus.PROPOSED]
    else:
        proposals = [i for i in meeting.agenda_items if not i.is_accepted
                     and user.is_authenticated and i.proposed_by_id == user.id]
    see_people = meeting.can_see_people(user)
    minutes_visible = meeting.can_view_minutes(user)
    # Readers who may not see people (visitors) get no invitees loaded (load_meeting):
    # counts and quorum are shown with the invitees only, and the organisations present
    # only with the minutes.
    present = queries.organizations_present(meeting) if see_people or minutes_visible else []
    items_by_id = {i.id: i for i in meeting.agenda_items}
    return {
        "meeting": meeting,
        "person": person,
        "my_invitee": my_invitee,
        "manage": manage,
        "schedule": schedule.schedule(meeting),
        "proposals": proposals,
        "follow_up": schedule.follow_up_actions(meeting, user),
        "counts": invitations.rsvp_counts(meeting) if see_people else None,
        "quorum": invitations.quorum(meeting) if see_people else None,
        "groups": invitations.invitees_by_organization(meeting) if see_people else [],
        "see_people": see_people,
        "minutes_visible": minutes_visible,
        "items_by_id": items_by_id,
        "can_rsvp": meeting.can_rsvp(user, my_invitee),
        "can_propose": not manage and meeting.can_propose_item(user, my_invitee),
        "rsvp_form": rsvp_form(my_invitee) if my_invitee is not None else None,
        "now": utcnow(),
        "organizations_present": present,
    }
