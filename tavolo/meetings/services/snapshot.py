"""The content of a meeting's minutes as plain data, kept in every version.

A version must stay readable as it was approved even if people, projects or organisations
are renamed later, so names are copied, not referenced.
"""

from __future__ import annotations

from tavolo.meetings.models import Meeting


def snapshot(meeting: Meeting) -> dict:
    minutes = meeting.minutes
    items = [i for i in meeting.agenda_items if i.is_accepted]
    numbers = {item.id: item.position for item in items}
    return {
        "summary": minutes.summary if minutes else "",
        "items": [{
            "id": item.id, "number": item.position, "title": item.title, "notes": item.notes,
            "presenter": item.presenter.name if item.presenter else "",
            "project": item.project.title if item.project else "",
        } for item in items],
        "decisions": [{
            "id": decision.id, "text": decision.text,
            "project": decision.project.title if decision.project else "",
            "item": numbers.get(decision.agenda_item_id),
        } for decision in sorted(meeting.decisions, key=lambda d: (d.position, d.id or 0))],
        "actions": [{
            "id": action.id, "what": action.what, "owner": action.owner.name,
            "organization": action.owner.organization.name if action.owner.organization else "",
            "due_on": action.due_on.isoformat() if action.due_on else None,
            "item": numbers.get(action.agenda_item_id),
        } for action in sorted(meeting.action_items, key=lambda a: a.id or 0)],
        "attendance": sorted(({
            "person": invitee.person.name,
            "organization": invitee.organization.name if invitee.organization else "",
        } for invitee in meeting.invitees if invitee.attended),
            key=lambda row: (row["organization"], row["person"])),
    }
