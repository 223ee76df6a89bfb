"""Minutes: drafts for the core group, approval, frozen versions, corrections, actions."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    Decision,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    VersionKind,
)
from tavolo.meetings.models.minutes import MinutesFrozen
from tavolo.meetings.services import minutes as service
from tests.factories import make_agenda_item, make_meeting, make_project
from tests.meetings.helpers import invite_all


@pytest.fixture
def held(people):
    """A held enlarged meeting with one agenda item and a draft of its minutes."""
    meeting = make_meeting(kind="enlarged", status="held", starts_in_days=-2)
    item = make_agenda_item(meeting, title="Tirocini")
    invite_all(meeting, people.member_person, people.partner_person)
    meeting.invitees[0].attended = True
    db.session.commit()
    return meeting, item


def _write(client, meeting, item, summary="Apertura alle 15:10.", notes="Otto tirocini."):
    return client.post(f"/meetings/{meeting.id}/minutes/edit",
                       data={"summary": summary, f"notes_{item.id}": notes})


def test_draft_minutes_are_for_the_core_group_only(client, login, people, held):
    meeting, item = held
    login(people.coordinator)
    assert _write(client, meeting, item).status_code == 303
    client.post(f"/meetings/{meeting.id}/minutes/decisions",
                data={"decision-text": "Avviare otto tirocini.", "decision-project_id": "",
                      "decision-agenda_item_id": str(item.id)})
    client.post("/logout")
    login(people.member)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Otto tirocini." in page and "bozza riservata al gruppo ristretto" in page
    assert client.get(f"/meetings/{meeting.id}/minutes/print").status_code == 200
    client.post("/logout")
    login(people.partner)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Otto tirocini." not in page and "Avviare otto tirocini." not in page
    assert client.get(f"/meetings/{meeting.id}/minutes/print").status_code == 404


def test_oversized_minutes_are_refused_and_nothing_is_saved(client, login, people, held):
    meeting, item = held
    login(people.coordinator)
    response = _write(client, meeting, item, notes="n" * 20_001)
    assert response.status_code == 400
    assert "Al massimo 20000 caratteri." in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.notes == "" and meeting.minutes is None


def test_unknown_action_owner_is_refused(client, login, people, held):
    meeting, _item = held
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/minutes/actions", data={
        "action-what": "Chiamare il CPI", "action-owner_id": "999999", "action-due_on": "",
        "action-agenda_item_id": ""})
    assert response.status_code == 400
    assert "responsabile" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ActionItem)) == 0


def test_approval_freezes_the_minutes_and_writes_version_one(client, login, people, held):
    meeting, item = held
    login(people.coordinator)
    _write(client, meeting, item)
    client.post(f"/meetings/{meeting.id}/minutes/actions", data={
        "action-what": "Chiamare il CPI", "action-owner_id": str(people.member_person.id),
        "action-due_on": "2030-01-15", "action-agenda_item_id": str(item.id)})
    assert client.post(f"/meetings/{meeting.id}/minutes/approve").status_code == 303
    db.session.expire_all()
    minutes = meeting.minutes
    assert minutes.status == MinutesStatus.APPROVED and minutes.version == 1
    [version] = minutes.versions
    assert version.kind == VersionKind.APPROVAL
    assert version.content["items"][0]["notes"] == "Otto tirocini."
    assert version.content["actions"][0]["owner"] == people.member_person.name
    assert version.content["attendance"] == [
        {"person": people.member_person.name, "organization": people.core_org.name}]
    # In place, nothing changes any more: not the text, not the decisions, not attendance.
    response = _write(client, meeting, item, notes="Riscritto.")
    assert response.status_code == 303
    db.session.refresh(item)
    assert item.notes == "Otto tirocini."
    response = client.post(f"/meetings/{meeting.id}/minutes/decisions",
                           data={"decision-text": "Aggiunta tardiva"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0
    present = meeting.invitees[1].id
    client.post(f"/meetings/{meeting.id}/attendance", data={"present": [str(present)]})
    db.session.expire_all()
    assert [i.attended for i in meeting.invitees] == [True, False]
    # A second approval (double click) changes nothing.
    client.post(f"/meetings/{meeting.id}/minutes/approve")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MinutesVersion)) == 1
    # Partners now see the approved minutes.
    client.post("/logout")
    login(people.partner)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Otto tirocini." in page and "Chiamare il CPI" in page


def test_the_database_guard_refuses_changes_made_behind_the_services(app, people, held):
    meeting, item = held
    meeting.minutes = Minutes(summary="Testo", status=MinutesStatus.APPROVED, version=1,
                              approved_at=meeting.ends_at)
    decision = Decision(meeting=meeting, text="Originale")
    with service.minutes_unfrozen():
        db.session.add(decision)
    db.session.commit()
    decision.text = "Alterata"
    with pytest.raises(MinutesFrozen):
        db.session.flush()
    db.session.rollback()
    item.notes = "Alterate"
    with pytest.raises(MinutesFrozen):
        db.session.commit()
    db.session.rollback()
    meeting.minutes.summary = "Alterato"
    with pytest.raises(MinutesFrozen):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Decision, decision.id).text == "Originale"


def test_action_status_stays_open_to_follow_up_after_approval(in_request, people, held):
    meeting, item = held
    meeting.minutes = Minutes(status=MinutesStatus.APPROVED, version=1,
                              approved_at=meeting.ends_at)
    with service.minutes_unfrozen():
        action = ActionItem(meeting=meeting, owner=people.member_person, what="Chiamare il CPI")
        db.session.add(action)
    db.session.commit()
    service.set_action_status(action, people.member, ActionStatus.DONE, "Fatto il 3.")
    db.session.commit()
    assert action.status == ActionStatus.DONE and action.closed_at is not None
    service.set_action_status(action, people.member, ActionStatus.OPEN)
    db.session.commit()
    assert action.closed_at is None
    with pytest.raises(DomainError):
        service.set_action_status(action, people.partner, ActionStatus.DONE)


def test_a_correction_makes_a_new_version_and_keeps_the_old_one(client, login, people, held):
    meeting, item = held
    project = make_project()
    login(people.coordinator)
    _write(client, meeting, item, notes="Sette tirocini.")
    client.post(f"/meetings/{meeting.id}/minutes/decisions",
                data={"decision-text": "Avviare sette tirocini.",
                      "decision-project_id": str(project.id), "decision-agenda_item_id": ""})
    client.post(f"/meetings/{meeting.id}/minutes/approve")
    decision = db.session.scalar(sa.select(Decision))
    base = {"summary": "Apertura alle 15:10.", f"notes_{item.id}": "Otto tirocini.",
            f"decision-{decision.id}-text": "Avviare otto tirocini.",
            f"decision-{decision.id}-project_id": str(project.id)}
    response = client.post(f"/meetings/{meeting.id}/minutes/correct", data=base)
    assert response.status_code == 400 and "motivo" in response.get_data(as_text=True)
    response = client.post(f"/meetings/{meeting.id}/minutes/correct",
                           data={**base, "reason": "Refuso nel numero dei tirocini."})
    assert response.status_code == 303
    db.session.expire_all()
    minutes = meeting.minutes
    assert minutes.version == 2 and [v.number for v in minutes.versions] == [1, 2]
    assert minutes.versions[1].reason == "Refuso nel numero dei tirocini."
    assert minutes.versions[0].content["items"][0]["notes"] == "Sette tirocini."
    assert db.session.get(Decision, decision.id).text == "Avviare otto tirocini."
    old = client.get(f"/meetings/{meeting.id}/minutes/versions/1").get_data(as_text=True)
    assert "Sette tirocini." in old and "sostituita da una correzione" in old
    # Submitting the same text again is not a correction.
    again = client.post(f"/meetings/{meeting.id}/minutes/correct",
                        data={**base, "reason": "Di nuovo."}, follow_redirects=True)
    assert "Non hai cambiato nulla" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MinutesVersion)) == 2


def test_the_next_meeting_approves_the_previous_minutes(client, login, people, held):
    meeting, item = held
    login(people.coordinator)
    _write(client, meeting, item)
    following = make_meeting(kind="enlarged", status="scheduled", starts_in_days=-0.01)
    client.post(f"/meetings/{following.id}/agenda/previous-minutes")
    approval = following.agenda_items[0]
    assert approval.approves_minutes_id == meeting.minutes.id
    response = client.post(f"/meetings/{following.id}/agenda/{approval.id}/approve-minutes")
    assert response.status_code == 303
    db.session.expire_all()
    assert meeting.minutes.is_approved
    assert meeting.minutes.approved_in_meeting_id == following.id
    assert meeting.minutes.versions[0].approved_in_meeting_id == following.id
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "dalla riunione del" in page


def test_minutes_of_a_meeting_not_yet_held_cannot_be_approved(in_request, people):
    meeting = make_meeting(status="scheduled", starts_in_days=-0.01)
    meeting.minutes = Minutes()
    db.session.commit()
    with pytest.raises(DomainError, match="svolta"):
        service.approve(meeting.minutes, people.coordinator)


def test_due_dates_and_owner_come_back_in_my_actions(client, login, people, held):
    meeting, item = held
    login(people.coordinator)
    client.post(f"/meetings/{meeting.id}/minutes/actions", data={
        "action-what": "Chiamare il CPI", "action-owner_id": str(people.member_person.id),
        "action-due_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "action-agenda_item_id": ""})
    client.post("/logout")
    login(people.member)
    page = client.get("/meetings/actions/mine").get_data(as_text=True)
    assert "Chiamare il CPI" in page and "in ritardo" in page
    action = db.session.scalar(sa.select(ActionItem))
    response = client.post(f"/meetings/actions/{action.id}/status",
                           data={"status": "done", "note": "Fatto"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and "aggiornato" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert action.status == ActionStatus.DONE
