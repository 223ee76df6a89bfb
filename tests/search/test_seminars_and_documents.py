"""Seminars and documents in the search: a word inside a PDF attached to an agenda item is
found by the readers of the meeting and by nobody else; seminars by their abstract."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from tavolo.documents.models import Document
from tavolo.extensions import db
from tavolo.meetings.models import Meeting
from tavolo.search.services.query import SearchFilters, search
from tavolo.visibility import Visibility
from tests.documents.helpers import upload
from tests.factories import make_agenda_item, make_meeting, make_seminar, make_user
from tests.search.test_extract import tiny_pdf


def found(user, text):
    with current_app.test_request_context():
        results = search(user, SearchFilters(text=text))
    return {(hit.source, hit.object_id) for group in results.groups for hit in group.hits}


def _attach_pdf(client, login, coordinator, item, words: str) -> Document:
    login(coordinator)
    response = upload(client, "agenda_item", item.id, tiny_pdf(words), "relazione.pdf",
                      title="Relazione allegata")
    assert response.status_code in (200, 303), response.get_data(as_text=True)[:500]
    client.post("/logout")
    return db.session.scalar(sa.select(Document).order_by(Document.id.desc()))


def test_a_word_inside_a_pdf_on_an_agenda_item_is_found_by_the_meeting_readers(
        app, client, login):
    coordinator, member, partner = (make_user(role) for role in
                                    ("coordinator", "member", "partner"))
    meeting = make_meeting(kind="core")
    item = make_agenda_item(meeting, title="Relazione annuale")
    document = _attach_pdf(client, login, coordinator, item,
                           "Borse lavoro per persone con disabilita")
    # Stems and accents work inside the file too.
    assert ("document", document.id) in found(member, "disabilità")
    assert ("document", document.id) in found(member, "borsa lavoro")
    # A core meeting: the partner gets nothing, not even a count.
    assert found(partner, "disabilità") == set()
    assert found(None, "disabilità") == set()


def test_a_document_follows_its_meeting_when_the_meeting_changes_level(app, client, login):
    coordinator, partner = make_user("coordinator"), make_user("partner")
    meeting = make_meeting(kind="enlarged", visibility="network")
    item = make_agenda_item(meeting, title="Bando regionale")
    document = _attach_pdf(client, login, coordinator, item, "Graduatoria del bando")
    assert ("document", document.id) in found(partner, "graduatoria")
    assert ("document", document.id) not in found(None, "graduatoria")
    meeting = db.session.get(Meeting, meeting.id)
    meeting.visibility = Visibility.PUBLIC
    db.session.commit()
    assert ("document", document.id) in found(None, "graduatoria")


def test_deleting_a_document_removes_it_from_the_results(app, client, login):
    coordinator, member = make_user("coordinator"), make_user("member")
    item = make_agenda_item(make_meeting(kind="core"), title="Punto")
    document = _attach_pdf(client, login, coordinator, item, "Salvamento in piscina")
    assert ("document", document.id) in found(member, "salvamento")
    db.session.delete(db.session.get(Document, document.id))
    db.session.commit()
    assert ("document", document.id) not in found(member, "salvamento")


def test_seminars_are_found_by_their_abstract_by_whoever_may_see_them(app):
    public = make_seminar(title="Giornata di studio", abstract="Tirocini e inclusione lavorativa")
    core = make_seminar(title="Incontro riservato", abstract="Tirocinio riservato al gruppo",
                        visibility="core")
    member = make_user("member")
    assert ("seminar", public.id) in found(None, "tirocini")
    assert ("seminar", core.id) not in found(None, "tirocini")
    assert ("seminar", core.id) in found(member, "tirocini")
