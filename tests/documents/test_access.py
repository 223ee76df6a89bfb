"""Reading documents: who may download what, how files are served, versions and deletion."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.documents import services, storage
from tavolo.documents.models import Document, OwnerKind
from tavolo.extensions import db
from tests.documents.helpers import CSV, PDF, PNG, document_rows, fetch, stored_files
from tests.factories import (
    make_agenda_item,
    make_deliberation,
    make_meeting,
    make_project,
    make_proposal,
    make_seminar,
    make_user,
)


def _attach(kind, owner, content=PDF, name="relazione.pdf", user=None, **kw):
    with storage.receive(io.BytesIO(content), name) as received:
        document = services.add_file(OwnerKind(kind), owner, user, received, **kw)
    db.session.commit()
    return document


@pytest.fixture
def core_item():
    return make_agenda_item(make_meeting(kind="core"), title="Bilancio riservato")


def test_member_downloads_a_pdf_inline_with_safe_headers(client, login, core_item):
    document = _attach("agenda_item", core_item, name="Relazione «finale».pdf")
    login(make_user("member"))
    response = fetch(client, f"/documents/{document.id}/file")
    assert response.status_code == 200
    assert response.data == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline") and "filename*=UTF-8''Relazione" in disposition


def test_csv_downloads_as_an_attachment(client, login, core_item):
    document = _attach("agenda_item", core_item, CSV, "dati.csv")
    login(make_user("member"))
    response = fetch(client, f"/documents/{document.id}/file")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.mimetype == "text/csv"


@pytest.mark.parametrize("role", [None, "partner"])
def test_who_may_not_see_the_meeting_gets_404(client, login, core_item, role):
    document = _attach("agenda_item", core_item)
    if role:
        login(make_user(role))
    for url in (f"/documents/{document.id}/file", f"/documents/{document.id}",
                f"/documents/versions/{document.current.id}/file"):
        assert fetch(client, url).status_code == 404, url


def test_a_narrowed_document_is_hidden_from_readers_of_its_owner(client, login):
    project = make_project(visibility="public")
    document = _attach("project", project, visibility="core")
    public = _attach("project", project, PNG, "foto.png")
    assert fetch(client, f"/documents/{public.id}/file").status_code == 200
    assert fetch(client, f"/documents/{document.id}/file").status_code == 404
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "foto" in page and "relazione" not in page
    login(make_user("member"))
    assert fetch(client, f"/documents/{document.id}/file").status_code == 200


def test_a_document_cannot_be_wider_than_its_owner(app):
    project = make_project(visibility="network")
    with pytest.raises(services.DocumentError):
        services._check_visibility("public")
    document = _attach("project", project, visibility=None)
    assert document.visibility is None  # inherits "network"


def test_documents_on_the_meeting_page_for_a_member(client, login):
    meeting = make_meeting(kind="enlarged", visibility="network")
    item = make_agenda_item(meeting, title="Tirocini")
    _attach("meeting", meeting, PNG, "planimetria.png", title="Come arrivare")
    _attach("agenda_item", item, PDF, "scheda.pdf", title="Scheda del punto")
    login(make_user("partner"))
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Come arrivare" in page and "Scheda del punto" in page
    assert "data-dropzone" not in page  # a partner reads, does not attach


def test_new_version_keeps_the_earlier_ones_with_date_and_author(client, login, core_item):
    coordinator = make_user("coordinator", name="Carla Coordinatrice")
    document = _attach("agenda_item", core_item, user=coordinator)
    login(coordinator)
    response = client.post(f"/documents/{document.id}/versions",
                           data={"file": (io.BytesIO(PDF + b"% v2\n"), "relazione-v2.pdf"),
                                 "note": "Cifre aggiornate"},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    page = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert "relazione-v2.pdf" in page and "relazione.pdf" in page
    assert "Cifre aggiornate" in page and page.count("Carla Coordinatrice") >= 2
    first, _second = db.session.get(Document, document.id).versions
    assert fetch(client, f"/documents/versions/{first.id}/file").data == PDF
    assert fetch(client, f"/documents/{document.id}/file").data == PDF + b"% v2\n"
    assert len(stored_files()) == 2


def test_deletion_is_audited_and_the_file_goes_only_when_unused(client, login, core_item):
    first = _attach("agenda_item", core_item).id
    second = _attach("meeting", core_item.meeting).id  # same content, stored once
    login(make_user("coordinator"))
    assert client.post(f"/documents/{first}/delete").status_code == 303
    assert len(stored_files()) == 1  # still used by the second document
    assert client.post(f"/documents/{second}/delete").status_code == 303
    assert stored_files() == [] and document_rows() == 0
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.object_type == "document", AuditEntry.action == "delete")).all()
    assert sorted(e.object_id for e in entries) == [first, second]


def test_deleting_a_draft_meeting_takes_its_documents_and_files(client, login):
    meeting = make_meeting(status="draft")
    item = make_agenda_item(meeting)
    _attach("agenda_item", item)
    _attach("meeting", meeting, PNG, "a.png")
    login(make_user("coordinator"))
    assert client.post(f"/meetings/{meeting.id}/delete").status_code == 303
    assert document_rows() == 0 and stored_files() == []


def test_links_sit_beside_files_and_bad_addresses_are_refused(client, login):
    seminar = make_seminar()
    login(make_user("coordinator"))
    bad = client.post("/documents/link", data={"kind": "seminar", "owner": seminar.id,
                                               "url": "javascript:alert(1)", "title": "X"})
    assert bad.status_code == 400 and "https://" in bad.get_data(as_text=True)
    good = client.post("/documents/link", data={
        "kind": "seminar", "owner": seminar.id, "url": "https://example.org/registrazione",
        "title": "Registrazione video"})
    assert good.status_code == 303
    page = client.get(f"/seminars/{seminar.id}").get_data(as_text=True)
    assert 'href="https://example.org/registrazione"' in page


def test_partner_may_not_delete(client, login, core_item):
    meeting = make_meeting(kind="enlarged", visibility="network")
    document = _attach("meeting", meeting)
    login(make_user("partner"))
    assert client.post(f"/documents/{document.id}/delete").status_code == 403
    assert document_rows() == 1


def test_documents_on_project_deliberation_proposal_and_seminar_pages(client, login):
    project = make_project(visibility="public")
    deliberation = make_deliberation(project)
    proposal = make_proposal(visibility="public")
    seminar = make_seminar()
    _attach("project", project, title="Scheda del progetto")
    _attach("deliberation", deliberation, PNG, "delibera.png", title="Testo della delibera")
    _attach("proposal", proposal, title="Allegato alla proposta")
    _attach("seminar", seminar, title="Slide del seminario")
    login(make_user("member"))
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Scheda del progetto" in page and "Testo della delibera" in page
    assert "Allegato alla proposta" in client.get(f"/proposals/{proposal.id}").get_data(
        as_text=True)
    assert "Slide del seminario" in client.get(f"/seminars/{seminar.id}").get_data(
        as_text=True)


def test_minutes_documents_follow_the_minutes(client, login):
    from tavolo.meetings.models import Minutes, MinutesStatus

    meeting = make_meeting(kind="enlarged", visibility="network", status="held",
                           starts_in_days=-3)
    minutes = Minutes(meeting=meeting, status=MinutesStatus.DRAFT)
    db.session.add(minutes)
    db.session.commit()
    document = _attach("minutes", minutes, title="Foglio presenze")
    login(make_user("partner"))  # draft minutes are for the core group only
    assert fetch(client, f"/documents/{document.id}/file").status_code == 404
    client.post("/logout")
    login(make_user("member"))
    assert "Foglio presenze" in client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
