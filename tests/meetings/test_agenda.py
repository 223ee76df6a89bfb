"""The agenda: items, running times, ordering (also concurrent), proposals, follow-up."""

from __future__ import annotations

import datetime as dt
import random
import threading

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.meetings.models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    Meeting,
    Minutes,
    MinutesStatus,
)
from tavolo.meetings.services import agenda as service
from tavolo.meetings.services import meetings as meeting_service
from tavolo.meetings.services import schedule
from tavolo.visibility import Visibility
from tests.factories import make_agenda_item, make_meeting, make_project
from tests.meetings.helpers import invite_all, outbox


def _positions(meeting_id: int) -> list[tuple[int, str]]:
    return list(db.session.execute(
        sa.select(AgendaItem.position, AgendaItem.title)
        .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == AgendaItemStatus.ACCEPTED)
        .order_by(AgendaItem.position)).all())


def test_items_get_running_times_and_a_warning_when_they_overrun(client, login, people):
    meeting = make_meeting(status="draft", hours=1)
    login(people.coordinator)
    for title, minutes in [("Apertura", 20), ("Tirocini", 30), ("Varie", 25)]:
        response = client.post(f"/meetings/{meeting.id}/agenda/new", data={
            "title": title, "duration_minutes": minutes, "presenter_id": "", "project_id": ""})
        assert response.status_code == 303
    timing = schedule.schedule(db.session.get(Meeting, meeting.id))
    starts = [(row.starts_at - meeting.starts_at).seconds // 60 for row in timing.items]
    assert starts == [0, 20, 50]
    assert [row.overruns for row in timing.items] == [False, False, True]
    assert timing.overrun_minutes == 15
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "superano di 15 minuti la fine prevista" in page and "oltre l'orario" in page


@pytest.mark.parametrize("data, message", [
    ({"presenter_id": "999999"}, "non è nella rubrica"),
    ({"title": "t" * 201}, "Al massimo 200 caratteri."),
    ({"description": "d" * 5001}, "Al massimo 5000 caratteri."),
    ({"duration_minutes": "0"}, "Tra 1 e 480 minuti."),
    ({"project_id": "999999"}, "Il progetto scelto non esiste"),
])
def test_bad_items_are_refused_with_a_clear_message(client, login, people, data, message):
    meeting = make_meeting(status="draft")
    login(people.coordinator)
    form = {"title": "Punto", "duration_minutes": "15", "presenter_id": "", "project_id": ""}
    form.update(data)
    response = client.post(f"/meetings/{meeting.id}/agenda/new", data=form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _positions(meeting.id) == []


def test_a_core_project_cannot_be_linked_to_an_enlarged_meeting(app, people):
    meeting = make_meeting(kind="enlarged", status="draft")
    secret = make_project(visibility=Visibility.CORE)
    with pytest.raises(meeting_service.DomainError, match="progetto"):
        service.add_item(meeting, people.coordinator,
                         service.ItemData(title="Riservato", project_id=secret.id))


def test_moving_items_up_and_down_full_page_and_htmx(client, login, people):
    meeting = make_meeting(status="scheduled")
    first, second, third = (make_agenda_item(meeting, title=t) for t in "ABC")
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/agenda/{third.id}/move",
                           data={"direction": "up"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#item-{third.id}")
    assert [t for _p, t in _positions(meeting.id)] == ["A", "C", "B"]
    response = client.post(f"/meetings/{meeting.id}/agenda/{first.id}/move",
                           data={"direction": "down"}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<section id="agenda"')
    assert [t for _p, t in _positions(meeting.id)] == ["C", "A", "B"]
    # At the top an item stays where it is.
    client.post(f"/meetings/{meeting.id}/agenda/{third.id}/move", data={"direction": "up"})
    assert [p for p, _t in _positions(meeting.id)] == [1, 2, 3]


def test_drag_and_drop_order_keeps_items_it_did_not_know(client, login, people):
    meeting = make_meeting(status="draft")
    a, b, c = (make_agenda_item(meeting, title=t) for t in "ABC")
    late = make_agenda_item(meeting, title="D")  # added by someone else meanwhile
    login(people.coordinator)
    client.post(f"/meetings/{meeting.id}/agenda/reorder",
                data={"order": [str(c.id), str(a.id), "999999", str(b.id)]})
    assert _positions(meeting.id) == [(1, "C"), (2, "A"), (3, "B"), (4, "D")]
    client.post(f"/meetings/{meeting.id}/agenda/{a.id}/delete")
    assert _positions(meeting.id) == [(1, "C"), (2, "B"), (3, "D")]
    assert late.id


def test_members_cannot_reorder(client, login, people):
    meeting = make_meeting(status="draft")
    a, b = make_agenda_item(meeting, title="A"), make_agenda_item(meeting, title="B")
    login(people.member)
    response = client.post(f"/meetings/{meeting.id}/agenda/reorder",
                           data={"order": [str(b.id), str(a.id)]})
    assert response.status_code == 403
    assert _positions(meeting.id) == [(1, "A"), (2, "B")]


def test_agenda_order_stays_consistent_under_concurrent_edits(app, people):
    """Four coordinators add, move and reorder items of one agenda at the same time."""
    meeting = make_meeting(status="draft")
    for title in "ABCD":
        make_agenda_item(meeting, title=title)
    meeting_id, actor_id = meeting.id, people.coordinator.id
    db.session.remove()
    errors: list[BaseException] = []
    added = []
    barrier = threading.Barrier(4)

    def work(seed: int) -> None:
        rng = random.Random(seed)
        with app.app_context():
            from tavolo.auth.models import User

            barrier.wait()
            for step in range(8):
                try:
                    meeting = db.session.get(Meeting, meeting_id)
                    actor = db.session.get(User, actor_id)
                    items = [i for i in meeting.agenda_items if i.is_accepted]
                    choice = rng.choice(["add", "move", "reorder"])
                    if choice == "add":
                        title = f"T{seed}-{step}"
                        service.add_item(meeting, actor, service.ItemData(title=title))
                        added.append(title)
                    elif choice == "move":
                        service.move_item(rng.choice(items), actor, rng.choice([-1, 1]))
                    else:
                        ids = [i.id for i in items]
                        rng.shuffle(ids)
                        service.reorder(meeting, actor, ids)
                    db.session.commit()
                except BaseException as error:  # noqa: BLE001 - collected for the assertion
                    db.session.rollback()
                    errors.append(error)
            db.session.remove()

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    rows = _positions(meeting_id)
    assert [p for p, _t in rows] == list(range(1, 5 + len(added)))
    assert sorted(t for _p, t in rows) == sorted([*"ABCD", *added])


def test_invited_partners_propose_and_learn_the_decision(client, login, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    invite_all(meeting, people.partner_person)
    login(people.partner)
    response = client.post(f"/meetings/{meeting.id}/agenda/propose", data={
        "title": "Corso serale", "description": "Per chi lavora di giorno.",
        "duration_minutes": "20", "presenter_id": str(people.partner_person.id),
        "project_id": ""})
    assert response.status_code == 303
    item = db.session.scalar(sa.select(AgendaItem))
    assert item.status == AgendaItemStatus.PROPOSED and item.position is None
    assert "Proposta in attesa" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    client.post("/logout")
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/agenda/{item.id}/decline",
                           data={"reason": "Ne parliamo alla prossima riunione."})
    assert response.status_code == 303
    db.session.refresh(item)
    assert item.status == AgendaItemStatus.DECLINED
    [mail] = outbox("meeting-proposal")
    assert mail.to_addr == people.partner.email
    assert "Ne parliamo alla prossima riunione." in mail.body_text
    client.post("/logout")
    login(people.partner)
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Ne parliamo alla prossima riunione." in page


def test_accepting_puts_the_proposal_at_the_end(in_request, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    make_agenda_item(meeting, title="Esistente")
    invitee = invite_all(meeting, people.partner_person) or meeting.invitees[0]
    item = service.propose_item(meeting, people.partner, invitee, service.ItemData(title="Nuovo"))
    service.accept_proposal(item, people.coordinator)
    db.session.commit()
    assert _positions(meeting.id) == [(1, "Esistente"), (2, "Nuovo")]
    assert "Proposta accolta" in outbox("meeting-proposal")[0].subject
    with pytest.raises(meeting_service.DomainError, match="già deciso"):
        service.decline_proposal(item, people.coordinator, "tardi")


def test_only_invitees_propose(client, login, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    login(people.partner)
    assert client.get(f"/meetings/{meeting.id}/agenda/propose").status_code == 403
    declining = client.post(f"/meetings/{meeting.id}/agenda/propose", data={"title": "X"})
    assert declining.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == 0


def test_a_decline_needs_a_reason(client, login, people):
    meeting = make_meeting(kind="enlarged", status="scheduled")
    item = AgendaItem(meeting=meeting, title="P", status=AgendaItemStatus.PROPOSED,
                      proposed_by=people.partner)
    db.session.add(item)
    db.session.commit()
    login(people.coordinator)
    response = client.post(f"/meetings/{meeting.id}/agenda/{item.id}/decline", data={"reason": ""})
    assert response.status_code == 400 and "Spiega" in response.get_data(as_text=True)
    db.session.refresh(item)
    assert item.status == AgendaItemStatus.PROPOSED


def _held_with_actions(kind="core", days=-30, approved=True):
    meeting = make_meeting(kind=kind, status="held", starts_in_days=days)
    meeting.minutes = Minutes(status=MinutesStatus.APPROVED if approved else MinutesStatus.DRAFT,
                              version=1 if approved else 0,
                              approved_at=meeting.ends_at if approved else None)
    db.session.commit()
    return meeting


def _action(meeting, owner, what, status=ActionStatus.OPEN, closed_at=None):
    from tavolo.meetings.services.minutes import minutes_unfrozen

    with minutes_unfrozen():
        db.session.add(ActionItem(meeting=meeting, owner=owner, what=what, status=status,
                                  closed_at=closed_at, due_on=dt.date.today()))
    db.session.commit()


def test_open_actions_of_earlier_meetings_reappear_on_the_next_agenda(app, people):
    earlier = _held_with_actions()
    next_past = make_meeting(status="held", starts_in_days=-10)
    upcoming = make_meeting(status="scheduled", starts_in_days=5)
    owner = people.member_person
    _action(earlier, owner, "Ancora da fare")
    _action(earlier, owner, "Fatta prima", ActionStatus.DONE,
            earlier.ends_at + dt.timedelta(days=1))
    _action(earlier, owner, "Fatta dopo la riunione successiva", ActionStatus.DONE,
            next_past.starts_at + dt.timedelta(days=2))
    def whats(m):
        return [a.what for a in schedule.follow_up_actions(m, people.member)]

    assert whats(next_past) == ["Ancora da fare", "Fatta dopo la riunione successiva"]
    assert whats(upcoming) == ["Ancora da fare"]
    assert whats(earlier) == []


def test_follow_up_never_leaks_core_actions_or_draft_minutes(app, people):
    core = _held_with_actions(kind="core")
    draft_enlarged = _held_with_actions(kind="enlarged", approved=False, days=-20)
    approved_enlarged = _held_with_actions(kind="enlarged", days=-25)
    _action(core, people.member_person, "Azione riservata")
    _action(draft_enlarged, people.member_person, "Azione in bozza")
    _action(approved_enlarged, people.member_person, "Azione approvata")
    upcoming = make_meeting(kind="enlarged", status="scheduled", starts_in_days=3)
    as_partner = [a.what for a in schedule.follow_up_actions(upcoming, people.partner)]
    as_member = [a.what for a in schedule.follow_up_actions(upcoming, people.member)]
    assert as_partner == ["Azione approvata"]
    assert sorted(as_member) == ["Azione approvata", "Azione in bozza"]


def test_new_meetings_start_with_the_approval_of_the_previous_minutes(in_request, people):
    previous = _held_with_actions(approved=False)
    data = meeting_service.MeetingData(
        title="Successiva", kind=previous.kind, visibility=Visibility.CORE,
        day=dt.date.today() + dt.timedelta(days=5), start=dt.time(15), end=dt.time(17))
    meeting = meeting_service.create_meeting(people.coordinator, data)
    db.session.commit()
    [item] = meeting.agenda_items
    assert item.kind == AgendaItemKind.MINUTES_APPROVAL and item.position == 1
    assert item.approves_minutes_id == previous.minutes.id
    # A second meeting does not schedule the same approval again.
    other = meeting_service.create_meeting(people.coordinator, data)
    assert other.agenda_items == []
