"""The dashboard in a real browser: one-click answers swap the block, blocks refresh in
place, and without JavaScript the same buttons post and come back to the dashboard."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.meetings.models import MeetingInvitee, Rsvp
from tests.factories import (
    PASSWORD,
    make_agenda_item,
    make_invitee,
    make_meeting,
    make_member_person,
)


def _login(page, base, email):
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(base + "/")


def _answer(meeting_id):
    db.session.expire_all()
    return db.session.scalar(sa.select(MeetingInvitee.rsvp).where(
        MeetingInvitee.meeting_id == meeting_id))


def test_member_answers_from_the_dashboard_and_refreshes_a_block(app, live_server, page):
    member, person = make_member_person(Role.MEMBER, email="m@example.org")
    meeting = make_meeting(title="Gruppo ristretto di gennaio")
    make_agenda_item(meeting, title="Tirocini estivi")
    make_invitee(meeting, person)
    _login(page, live_server, "m@example.org")
    block = page.locator("#block-meetings")
    expect(block).to_contain_text("Tirocini estivi")
    with page.expect_response(f"**/meetings/{meeting.id}/rsvp/quick"):
        block.get_by_role("button", name="Forse").click()
    expect(page.locator("#block-meetings")).to_contain_text("Risposta registrata: Forse.")
    # keyboard focus stays in the block, on the message that says what happened
    expect(page.locator("#block-meetings [role=status].alert")).to_be_focused()
    assert page.url == live_server + "/"
    assert _answer(meeting.id) == Rsvp.MAYBE
    with page.expect_response("**/dashboard/rounds"):
        page.locator("#block-rounds .dashboard-refresh").click()
    expect(page.locator("#block-rounds")).to_contain_text("Nessuna votazione aspetta il tuo voto.")
    assert page.url == live_server + "/"


def test_member_answers_from_the_dashboard_without_javascript(app, live_server, browser):
    member, person = make_member_person(Role.MEMBER, email="m2@example.org")
    meeting = make_meeting(title="Gruppo ristretto di febbraio")
    make_invitee(meeting, person)
    context = browser.new_context(java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    try:
        _login(page, live_server, "m2@example.org")
        page.locator("#block-meetings").get_by_role("button", name="Non partecipo").click()
        expect(page.locator("body")).to_contain_text("Risposta registrata: Non partecipa.")
        assert _answer(meeting.id) == Rsvp.NO
    finally:
        context.close()
