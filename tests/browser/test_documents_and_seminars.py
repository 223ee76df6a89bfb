"""Documents and seminars in a real browser: drop a file on an agenda item, filter the
archive as you type; no console or CSP error on the way."""

from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.documents.models import Document
from tavolo.extensions import db
from tests.browser.helpers import log_in
from tests.factories import (
    make_agenda_item,
    make_meeting,
    make_member_person,
    make_seminar,
)


def test_coordinator_drops_a_pdf_on_an_agenda_item(app, live_server, page):
    make_member_person(Role.COORDINATOR, email="c@example.org")
    meeting = make_meeting(kind="enlarged", title="Riunione con allegati")
    item = make_agenda_item(meeting, title="Tirocini")
    log_in(page, live_server, "c@example.org")
    page.goto(f"{live_server}/meetings/{meeting.id}")
    zone = page.locator(f"#docs-agenda_item-{item.id} [data-dropzone]")
    files = page.evaluate_handle("""() => {
        const data = new DataTransfer();
        data.items.add(new File(['%PDF-1.4\\nBT (tirocini) Tj ET\\n%%EOF\\n'], 'Scheda tirocini.pdf',
                                {type: 'application/pdf'}));
        return data; }""")
    zone.dispatch_event("dragenter", {"dataTransfer": files})
    expect(zone).to_have_class("doc-drop is-dragover")
    with page.expect_response("**/documents/new"):
        zone.dispatch_event("drop", {"dataTransfer": files})
    expect(page.locator(f"#docs-agenda_item-{item.id} .doc-item")).to_contain_text(
        "Scheda tirocini")
    db.session.expire_all()
    document = db.session.scalar(sa.select(Document))
    assert (document.owner_id, document.current.content_type) == (item.id, "application/pdf")


def test_archive_filters_as_you_type(app, live_server, page):
    make_seminar(title="Tirocini e borse lavoro", starts_in_days=-400)
    make_seminar(title="Servizi per l'impiego", starts_in_days=-300)
    page.goto(f"{live_server}/seminars/")
    expect(page.locator(".seminar-card")).to_have_count(2)
    page.fill("#seminar-q", "borse")
    expect(page.locator(".seminar-card")).to_have_count(1)
    expect(page).to_have_url(f"{live_server}/seminars/?q=borse&year=&topic=")
