"""tavolo.pdf: static files from the disk, nothing from the network or outside the folder."""

from __future__ import annotations

import pytest

from tavolo.pdf import RefusedFetch, local_fetcher, render_pdf


def test_the_fetcher_reads_static_files_and_refuses_everything_else(app):
    fetch = local_fetcher(app.static_folder, app.static_url_path)
    response = fetch("http://localhost/static/css/pdf.css")
    assert b"@page" in response.read()
    for url in ("http://example.org/x.png", "http://localhost/static/../__init__.py",
                "http://localhost/static/%2e%2e/__init__.py", "file:///etc/passwd",
                "http://localhost/reports/"):
        with pytest.raises(RefusedFetch):
            fetch(url)


def test_a_document_pointing_outside_still_renders_without_fetching_it(app, monkeypatch):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with app.test_request_context():
        pdf = render_pdf('<p>Ciao</p><img src="http://example.org/spia.png" alt="">'
                         '<link rel="stylesheet" href="/static/css/pdf.css">',
                         "http://localhost/")
    assert pdf.startswith(b"%PDF")
