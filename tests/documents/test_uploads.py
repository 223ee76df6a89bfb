"""Uploading files: what is accepted, what is refused, and that nothing is left behind."""

from __future__ import annotations

import gc
import io

import pytest
import sqlalchemy as sa

from tavolo.documents import storage
from tavolo.documents.errors import DocumentError
from tavolo.documents.models import Document, OwnerKind
from tavolo.extensions import db
from tests.documents.helpers import (
    CSV,
    EXE,
    HTML,
    PDF,
    PNG,
    document_rows,
    odt,
    raw_post,
    stored_files,
    upload,
    version_rows,
)
from tests.factories import make_agenda_item, make_meeting, make_user


@pytest.fixture
def item():
    meeting = make_meeting(kind="enlarged", visibility="network")
    return make_agenda_item(meeting, title="Tirocini 2027")


def test_coordinator_attaches_a_pdf_to_an_agenda_item_without_javascript(client, coordinator,
                                                                         item):
    response = upload(client, "agenda_item", item.id, PDF, "Relazione tirocini.pdf",
                      title="Relazione sui tirocini")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/meetings/{item.meeting_id}#item-{item.id}")
    document = db.session.scalar(sa.select(Document))
    assert (document.title, document.owner_kind, document.owner_id) == (
        "Relazione sui tirocini", OwnerKind.AGENDA_ITEM, item.id)
    version = document.current
    assert (version.content_type, version.filename, version.size) == (
        "application/pdf", "Relazione tirocini.pdf", len(PDF))
    assert [p.name for p in stored_files()] == [version.sha256]


def test_drop_zone_upload_with_htmx_answers_the_updated_list(client, coordinator, item):
    response = upload(client, "agenda_item", item.id, PNG, "locandina.png", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in body and f'id="docs-agenda_item-{item.id}"' in body
    assert "locandina" in body and "data-dropzone" in body


def test_odf_and_csv_are_accepted_with_their_types(client, coordinator, item):
    assert upload(client, "agenda_item", item.id, odt(), "verbale.odt").status_code == 303
    assert upload(client, "agenda_item", item.id, CSV, "tirocini.csv").status_code == 303
    types = sorted(db.session.scalars(sa.select(Document)).all(),
                   key=lambda d: d.id)
    assert [d.current.content_type for d in types] == [
        "application/vnd.oasis.opendocument.text", "text/csv; charset=utf-8"]


def test_a_pdf_named_doc_is_kept_with_the_right_extension(client, coordinator, item):
    upload(client, "agenda_item", item.id, PDF, "relazione.doc")
    assert db.session.scalar(sa.select(Document)).current.filename == "relazione.pdf"


def test_the_same_file_twice_is_stored_once(client, coordinator, item):
    upload(client, "agenda_item", item.id, PDF, "a.pdf")
    upload(client, "meeting", item.meeting_id, PDF, "copia.pdf")
    assert document_rows() == 2
    assert len(stored_files()) == 1


BAD_UPLOADS = [
    ("empty", b"", "vuoto.pdf", "Il file è vuoto"),
    ("exe renamed pdf", EXE, "fattura.pdf", "Tipo di file non ammesso"),
    ("html renamed png", HTML, "foto.png", "non corrisponde a un tipo ammesso"),
    ("html renamed txt", HTML, "note.txt", "non corrisponde a un tipo ammesso"),
    ("binary renamed txt", b"\x00\x01\x02garbage\xff" * 20, "dati.txt",
     "non corrisponde a un tipo ammesso"),
    ("no extension text", b"just some words", "LEGGIMI", "non corrisponde a un tipo ammesso"),
    ("path in the name", PDF, "../../etc/relazione.pdf", "contiene un percorso"),
    ("windows path", PDF, "C:relazione.pdf", "contiene un percorso"),
    ("control characters", PDF, "rela\x1bzione.pdf", "caratteri di controllo"),
    ("right-to-left override", PDF, "fdp.\u202eexe", "caratteri di controllo"),
]


@pytest.mark.parametrize("content,name,message", [b[1:] for b in BAD_UPLOADS],
                         ids=[b[0] for b in BAD_UPLOADS])
@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_bad_uploads_are_refused_and_leave_nothing(client, coordinator, item, content, name,
                                                   message, htmx):
    response = upload(client, "agenda_item", item.id, content, name, htmx=htmx)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert document_rows() == 0 and version_rows() == 0
    assert stored_files() == []


# Werkzeug's form parser leaves its spooled temporary file for the garbage collector (and the test
# client its request body over 500 kB) when a request is cut off or refused unread; that is the library's, not a file of ours.
_WERKZEUG_SPOOL = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning")


@_WERKZEUG_SPOOL
def test_a_file_over_the_limit_is_refused_with_the_limit_in_italian(make_app, login):
    app = make_app(MAX_UPLOAD_MB=1, MAX_CONTENT_LENGTH=3 * 1024 * 1024)
    client = app.test_client()
    with app.app_context():
        user = make_user("coordinator")
        item = make_agenda_item(make_meeting())
        response = client.post("/login", data={"email": user.email,
                                                "password": "password-for-tests"})
        big = PDF + b"0" * (1024 * 1024)
        response = upload(client, "agenda_item", item.id, big, "grande.pdf")
        assert response.status_code == 400
        assert "Il file supera il limite di 1 MB" in response.get_data(as_text=True)
        assert document_rows() == 0 and stored_files() == []
    gc.collect()  # the test client's spooled body goes here, not in a later test


@_WERKZEUG_SPOOL
def test_a_request_over_the_limit_gets_a_friendly_413(make_app):
    app = make_app(MAX_UPLOAD_MB=1, MAX_CONTENT_LENGTH=2 * 1024 * 1024)
    client = app.test_client()
    with app.app_context():
        user = make_user("coordinator")
        item = make_agenda_item(make_meeting())
        client.post("/login", data={"email": user.email, "password": "password-for-tests"})
        status, page = raw_post(app, client, "/documents/new", {
            "csrf_token": client.csrf_token(), "kind": "agenda_item", "owner": str(item.id),
            "files": (io.BytesIO(PDF + b"0" * (3 * 1024 * 1024)), "enorme.pdf")})
        assert status == 413
        assert "File troppo grande" in page and "al massimo di 1 MB" in page
        assert document_rows() == 0 and stored_files() == []
    gc.collect()


@_WERKZEUG_SPOOL
def test_an_upload_interrupted_halfway_leaves_nothing(app, client, coordinator, item):
    status, page = raw_post(app, client, "/documents/new", {
        "csrf_token": client.csrf_token(), "kind": "agenda_item", "owner": str(item.id),
        "files": (io.BytesIO(PDF * 2000), "relazione.pdf")}, keep=0.5)
    assert status == 400
    assert "Il caricamento si è interrotto" in page
    assert document_rows() == 0 and stored_files() == []
    gc.collect()


def test_a_stream_breaking_while_written_removes_the_temporary_file(app):
    class Breaking(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 100_000:
                raise OSError("connection reset")
            return super().read(size)

    with pytest.raises(DocumentError) as refused:
        storage.receive(Breaking(PDF * 5000), "relazione.pdf")
    assert "interrotto" in str(refused.value)
    assert stored_files() == []


def test_a_database_failure_after_the_file_write_removes_the_file(client, coordinator, item,
                                                                   monkeypatch):
    from tavolo.documents import services

    def failing_record(*args, **kwargs):  # the audit entry fails after the file is in place
        assert len(stored_files()) == 1
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "record", failing_record)
    response = upload(client, "agenda_item", item.id, PDF, "relazione.pdf")
    assert response.status_code == 500
    assert document_rows() == 0 and stored_files() == []


def test_a_failed_commit_removes_the_new_file_but_keeps_a_shared_one(app, coordinator, item):
    from tavolo.documents import services

    user = db.session.get(type(coordinator), coordinator.id)
    with storage.receive(io.BytesIO(PDF), "prima.pdf") as received:
        services.add_file(OwnerKind.AGENDA_ITEM, item, user, received)
    db.session.commit()
    kept = stored_files()
    with storage.receive(io.BytesIO(PDF), "uguale.pdf") as same, \
            storage.receive(io.BytesIO(PNG), "nuova.png") as new:
        services.add_file(OwnerKind.AGENDA_ITEM, item, user, same)
        services.add_file(OwnerKind.AGENDA_ITEM, item, user, new)
        assert len(stored_files()) == 2
        db.session.rollback()
    assert stored_files() == kept
    assert document_rows() == 1


def test_a_partner_cannot_attach_to_a_meeting(client, login, item):
    login(make_user("partner"))
    response = upload(client, "agenda_item", item.id, PDF, "a.pdf")
    assert response.status_code in (403, 404)
    assert document_rows() == 0 and stored_files() == []


def test_the_plain_form_works_without_javascript(client, coordinator, item):
    page = client.get(f"/documents/new?kind=agenda_item&owner={item.id}")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in body and 'name="files"' in body
    assert client.get("/documents/new?kind=nothing&owner=1").status_code == 404
    assert client.get("/documents/new?kind=meeting&owner=999").status_code == 404


def test_upload_without_a_file_says_so(client, coordinator, item):
    response = client.post("/documents/new", data={"kind": "agenda_item", "owner": item.id},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Scegli un file da caricare" in response.get_data(as_text=True)
