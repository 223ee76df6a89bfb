"""Meetings in a real browser: drag and drop, one-click answers, and the same without JS."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Rsvp
from tests.browser.helpers import log_in
from tests.factories import (
    make_agenda_item,
    make_invitee,
    make_meeting,
    make_member_person,
)


def _order(meeting_id):
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AgendaItem.title).where(
        AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))


def test_coordinator_reorders_the_agenda_by_drag_and_drop_and_arrows(app, live_server, page):
    coordinator, _person = make_member_person(Role.COORDINATOR, email="c@example.org")
    meeting = make_meeting(status="draft", title="Riunione di prova")
    for title in ["Apertura", "Tirocini", "Varie"]:
        make_agenda_item(meeting, title=title)
    log_in(page, live_server, "c@example.org")
    page.goto(f"{live_server}/meetings/{meeting.id}")
    items = page.locator("#agenda .agenda-item")
    expect(items).to_have_count(3)
    items.nth(0).hover()
    items.nth(2).hover()
    with page.expect_response(f"**/meetings/{meeting.id}/agenda/reorder"):
        items.nth(2).drag_to(items.nth(0), target_position={"x": 20, "y": 5})
    expect(page.locator("#agenda .agenda-item h3").first).to_contain_text("Varie")
    assert _order(meeting.id) == ["Varie", "Apertura", "Tirocini"]
    with page.expect_response(f"**/meetings/{meeting.id}/agenda/*/move"):
        page.get_by_role("button", name="Sposta giù il punto 1").click()
    expect(page.locator("#agenda .agenda-item h3").first).to_contain_text("Apertura")
    assert _order(meeting.id) == ["Apertura", "Varie", "Tirocini"]


def test_member_answers_with_one_click(app, live_server, page):
    member, person = make_member_person(Role.MEMBER, email="m@example.org")
    meeting = make_meeting(status="scheduled", title="Gruppo ristretto")
    make_agenda_item(meeting, title="Tirocini")
    make_invitee(meeting, person)
    log_in(page, live_server, "m@example.org")
    page.goto(f"{live_server}/meetings/{meeting.id}")
    with page.expect_response(f"**/meetings/{meeting.id}/rsvp"):
        page.get_by_role("button", name="Partecipo", exact=True).click()
    expect(page.locator("#rsvp")).to_contain_text("Risposta registrata")
    db.session.expire_all()
    assert meeting.invitee_for(person).rsvp == Rsvp.YES


def test_agenda_and_answers_work_without_javascript(browser, app, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    coordinator, person = make_member_person(Role.COORDINATOR, email="c@example.org")
    meeting = make_meeting(status="scheduled", title="Senza script")
    for title in ["Primo", "Secondo"]:
        make_agenda_item(meeting, title=title)
    make_invitee(meeting, person)
    log_in(page, live_server, "c@example.org")
    page.goto(f"{live_server}/meetings/{meeting.id}")
    expect(page.locator(".drag-handle").first).to_be_hidden()
    page.get_by_role("button", name="Sposta giù il punto 1").click()
    page.wait_for_load_state()
    assert _order(meeting.id) == ["Secondo", "Primo"]
    page.get_by_role("button", name="Forse").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Risposta registrata: Forse.")).to_be_visible()
    context.close()
