"""PDF documents from HTML, made with WeasyPrint (A4, CSS ``@page`` for headers and numbers).

``render_pdf(html, base_url)`` never goes to the network: the URL fetcher serves the files
of the app's static folder (stylesheets, fonts, images) from the disk and refuses every other
address, so a document written by a user cannot make the server fetch anything.
``pdf_response`` is the download.
"""

from __future__ import annotations

import mimetypes
import os
from urllib.parse import unquote, urlsplit

from flask import Response, current_app

STATIC_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".css": "text/css",
                ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedFetch(Exception):
    """An address outside the static folder (logged by WeasyPrint, never fetched)."""


def local_fetcher(static_folder: str, static_url_path: str):
    """A WeasyPrint URL fetcher reading ``<base>/static/...`` from ``static_folder`` only."""
    from weasyprint.urls import URLFetcherResponse

    root = os.path.realpath(static_folder)
    prefix = static_url_path.rstrip("/") + "/"

    def fetch(url: str, *args, **kwargs):
        path = unquote(urlsplit(url).path)
        if not path.startswith(prefix):
            raise RefusedFetch(url)
        target = os.path.realpath(os.path.join(root, path[len(prefix):]))
        if not target.startswith(root + os.sep) or not os.path.isfile(target):
            raise RefusedFetch(url)
        extension = os.path.splitext(target)[1].lower()
        mime = STATIC_TYPES.get(extension) or mimetypes.guess_type(target)[0] or \
            "application/octet-stream"
        with open(target, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})

    return fetch


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of ``html``; relative and site URLs resolve against ``base_url``."""
    import weasyprint

    fetcher = local_fetcher(current_app.static_folder, current_app.static_url_path)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def pdf_response(content: bytes, filename: str) -> Response:
    """A PDF download, never kept by shared caches."""
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})
