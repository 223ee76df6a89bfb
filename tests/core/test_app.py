"""The application shell: health check, headers, error pages, language, formatting."""

from __future__ import annotations

import os
import stat
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tavolo import create_app
from tavolo.config import load_or_create_secret_key
from tavolo.extensions import db
from tavolo.templating import euro, render_markdown
from tests.conftest import BACKEND
from tests.factories import make_user


def test_healthz_answers_ok_after_a_database_round_trip(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(make_app, tmp_path):
    if BACKEND == "postgresql":
        url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    else:
        url = f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


def test_every_page_sends_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_secure_outside_debug(make_app):
    app = make_app(COOKIE_SECURE=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    response = app.test_client().get("/login")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_home_page_is_italian_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="it"' in page
    assert "Accedi" in page


def test_language_can_be_switched_to_english(client):
    response = client.post("/language", data={"locale": "en", "next": "/login"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "Log in" in page


def test_language_switch_refuses_external_next(client):
    response = client.post("/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_logged_in_user_language_comes_from_the_profile(client, login):
    user = make_user(locale="en")
    login(user)
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("locale, title", [("it", "Pagina non trovata"), ("en", "Page not found")])
def test_404_page_in_the_reader_language(client, locale, title):
    client.post("/language", data={"locale": locale})
    response = client.get("/nessuna-pagina")
    assert response.status_code == 404
    assert title in response.get_data(as_text=True)


def test_405_page(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert "Operazione non consentita" in response.get_data(as_text=True)


def test_413_page_for_oversized_requests(make_app):
    client = make_app(MAX_CONTENT_LENGTH=1024).test_client()
    response = client.post("/login", data={"email": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "File troppo grande" in response.get_data(as_text=True)


def test_500_page_rolls_back_and_explains(app, client):
    @app.get("/boom-test")
    def boom():
        db.session.add(make_user(commit=False))
        raise RuntimeError("boom")

    users_before = db.session.scalar(sa.select(sa.func.count()).select_from(
        db.metadata.tables["users"]))
    response = client.get("/boom-test")
    assert response.status_code == 500
    assert "Errore del sistema" in response.get_data(as_text=True)
    assert "Nessun dato è stato modificato" in response.get_data(as_text=True)
    db.session.remove()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(
        db.metadata.tables["users"])) == users_before


def test_secret_key_is_generated_once_with_private_permissions(tmp_path):
    first = load_or_create_secret_key(str(tmp_path))
    second = load_or_create_secret_key(str(tmp_path))
    assert first == second and len(first) >= 64
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_app_without_configured_key_uses_the_instance_key(tmp_path, monkeypatch):
    monkeypatch.delenv("TAVOLO_SECRET_KEY", raising=False)
    app_a = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app_b = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app_a.config["SECRET_KEY"] == app_b.config["SECRET_KEY"]
    assert app_a.config["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("TAVOLO_SECRET_KEY", "from-the-environment")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("TAVOLO_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/tavolo.sqlite3"


def test_postgres_urls_use_psycopg3(tmp_path, monkeypatch):
    monkeypatch.setenv("TAVOLO_DATABASE_URL", "postgres://u@db.example/tavolo")
    app = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/tavolo"


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite pragmas")
def test_sqlite_runs_in_wal_mode_with_foreign_keys(app):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.parametrize("cents, italian", [
    (3_528_000, "€ 35.280,00"), (800_000, "€ 8.000,00"), (498_900, "€ 4.989,00"),
    (5, "€ 0,05"), (0, "€ 0,00"), (None, "–"),
])
def test_euro_amounts_are_written_the_italian_way(app, cents, italian):
    with app.test_request_context("/"):
        assert euro(cents) == italian


@pytest.mark.parametrize("language", ["it", "en"])
def test_euro_amounts_match_babel_and_come_back_the_same(app, language):
    """The filter keeps Babel's pattern parsed once and the figures already written; what it
    writes is what ``format_currency`` writes, in each language, the second time too."""
    from babel.numbers import format_currency
    from flask_babel import force_locale

    values = [0, 1, 5, 99, 100, 3_528_000, 123_456_789, 1_000_000_000_000, -500]
    with app.test_request_context("/"), force_locale(language):
        for _ in range(2):
            for cents in values:
                assert euro(cents) == format_currency(
                    Decimal(cents) / 100, "EUR", format="¤ #,##0.00", locale=language,
                    currency_digits=False), cents
    with app.test_request_context("/"), force_locale("it"):
        assert euro(3_528_000) == "€ 35.280,00"
    with app.test_request_context("/"), force_locale("en"):
        assert euro(3_528_000) == "€ 35,280.00"


def test_markdown_is_sanitised(app):
    html = render_markdown("**ok** <script>alert(1)</script> [x](javascript:alert(1)) "
                           "<img src=x onerror=alert(1)>")
    assert "<strong>ok</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_errors_answer_htmx_fragment_requests_with_an_alert_only(client):
    """htmx swaps 4xx answers (so boosted forms show errors); a fragment gets no whole page."""
    fragment = client.get("/nessuna-pagina", headers={"HX-Request": "true"})
    assert fragment.status_code == 404
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "Pagina non trovata" in body
    assert "HX-Request" in fragment.headers["Vary"]
    boosted = client.get("/nessuna-pagina", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)
