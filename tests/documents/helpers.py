"""Sample files for upload tests, and where the app keeps them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from tavolo.documents.models import Document, DocumentVersion
from tavolo.extensions import db

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
       b"BT /F1 12 Tf (tirocini per persone con disabilita) Tj ET\ntrailer << >>\n%%EOF\n")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 300
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
CSV = b"Progetto;Anno;Tirocini\nBrevetto salvamento;2014;12\nDonne e anziani;2008;7\n"


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def upload_root() -> Path:
    return Path(current_app.config["UPLOAD_PATH"])


def stored_files() -> list[Path]:
    """Every file under the upload folder, temporary ones included."""
    root = upload_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def document_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Document))


def version_rows() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(DocumentVersion))


def upload(client, kind: str, owner_id: int, content: bytes, name: str, *, htmx=False,
           **fields):
    headers = {"HX-Request": "true"} if htmx else {}
    data = {"kind": kind, "owner": str(owner_id), "files": (io.BytesIO(content), name),
            **fields}
    return client.post("/documents/new", data=data, headers=headers,
                       content_type="multipart/form-data")


def raw_post(app, client, path: str, data: dict, *, keep: float = 1.0):
    """POST a multipart body built in memory, of which only the first ``keep`` part arrives
    (as when the connection drops). Returns ``(status, page)``.

    The test client would spool a large body to a temporary file it never closes when the
    app refuses the request unread; building the body here keeps the test clean.
    """
    from werkzeug.test import EnvironBuilder, run_wsgi_app

    builder = EnvironBuilder(method="POST", path=path, data=data)
    try:
        environ = builder.get_environ()
        stream = environ["wsgi.input"]
        body = stream.read()
        stream.close()
    finally:
        builder.close()
    environ["wsgi.input"] = io.BytesIO(body[: int(len(body) * keep)])
    client._add_cookies_to_wsgi(environ)
    app_iter, status, _headers = run_wsgi_app(app, environ)
    try:
        return int(status.split()[0]), b"".join(app_iter).decode()
    finally:
        if hasattr(app_iter, "close"):
            app_iter.close()


def fetch(client, url: str):
    """GET a download and close it (the file stays open until the response is closed)."""
    response = client.get(url)
    try:
        response.data  # noqa: B018  (read it before closing)
        return response
    finally:
        response.close()
