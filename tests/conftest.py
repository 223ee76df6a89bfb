"""Test fixtures: an app per test on a clean database, SQLite always, PostgreSQL on request.

``TAVOLO_TEST_BACKEND=postgresql`` (set by ``make test`` when ``TAVOLO_TEST_DATABASE_URL`` is
given) runs the same suite on PostgreSQL. The schema is built once per run with the real
Alembic migrations; each test then starts from empty tables (a copied SQLite file, or
TRUNCATE on PostgreSQL), so tests may commit freely, as the app does.
"""

from __future__ import annotations

import contextvars
import hashlib
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from tavolo import create_app
from tavolo.extensions import db, limiter
from tests.factories import make_user

BACKEND = os.environ.get("TAVOLO_TEST_BACKEND", "sqlite")
ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "tavolo" / "translations"


def pytest_configure(config):
    _compile_translations()
    _start_test_clock(config)


def pytest_unconfigure(config):
    traveller = getattr(config, "_tavolo_clock", None)
    if traveller is not None:
        traveller.stop()


def _start_test_clock(config) -> None:
    """Run the whole session from the instant in ``TAVOLO_TEST_CLOCK`` (ISO 8601 with offset).

    ``make test`` reruns the date-sensitive tests at awkward instants (late evening in Rome
    on a daylight-saving change day, New Year's Eve, 10:00 sharp), so a test that passes only
    at some hours fails in every run instead of in the evening only. The clock moves before
    collection (parametrised dates see it too) and keeps ticking from there, so timeouts
    and expiries behave as in real life.
    """
    value = os.environ.get("TAVOLO_TEST_CLOCK")
    if not value:
        return
    import datetime as dt

    import time_machine

    instant = dt.datetime.fromisoformat(value)
    if instant.tzinfo is None:
        raise pytest.UsageError("TAVOLO_TEST_CLOCK needs a UTC offset, "
                                "e.g. 2027-03-28T23:30:00+02:00")
    config._tavolo_clock = time_machine.travel(instant, tick=True)
    config._tavolo_clock.start()


def pytest_report_header(config):
    if os.environ.get("TAVOLO_TEST_CLOCK"):
        return f"clock: {os.environ['TAVOLO_TEST_CLOCK']} (TAVOLO_TEST_CLOCK)"
    return None


def _compile_translations() -> None:
    """So that plain ``pytest`` works too: compile any .po newer than its .mo."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=True)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_url() -> tuple[str, str]:
    url = os.environ.get("TAVOLO_TEST_DATABASE_URL")
    if not url:
        pytest.exit("TAVOLO_TEST_BACKEND=postgresql needs TAVOLO_TEST_DATABASE_URL", 2)
    from tavolo.config import _normalise_database_url

    url = _normalise_database_url(url)
    # One schema per checkout and xdist worker, so parallel runs never see each other's rows.
    checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
    schema = f"tavolo_test_{checkout}_{_worker()}"
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", schema


def _migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Build the schema once per run through the migrations; yield how to reach it."""
    base = tmp_path_factory.mktemp("db")
    if BACKEND == "postgresql":
        url, schema = _postgres_url()
        engine = sa.create_engine(url.split("?")[0])
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(base / "i"),
                          "SECRET_KEY": "template"})
        _migrate(app)
        with app.app_context():
            tables = [t.name for t in db.metadata.sorted_tables]
            db.engine.dispose()
        yield {"url": url, "tables": tables}
        return
    template = base / "template.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}",
                      "INSTANCE_PATH": str(base / "i"), "SECRET_KEY": "template"})
    _migrate(app)
    with app.app_context():
        db.engine.dispose()
    yield {"template": template}


class TavoloClient(FlaskClient):
    """A test client that fills in the CSRF token, as a browser submitting the form would.

    Each request runs in an empty context, so it gets its own application context (its own
    ``g``, database session and locale) exactly like a request in production, instead of
    reusing the one the test holds open. Afterwards the test's session is expired so that
    it reads what the request committed.
    """

    csrf_value: str | None = None

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response

    def csrf_token(self) -> str:
        if self.csrf_value is None:
            page = self.get("/login").get_data(as_text=True)
            match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
            assert match, "no CSRF token on /login"
            self.csrf_value = match.group(1)
        return self.csrf_value

    def post(self, *args, csrf: bool = True, **kwargs):
        data = kwargs.get("data")
        if csrf and (data is None or isinstance(data, dict)):
            data = dict(data or {})
            data.setdefault("csrf_token", self.csrf_token())
            kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture
def app_config(database_template, tmp_path):
    """Configuration of the app under test; tests may change it before using ``app``."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        "COOKIE_SECURE": False,
        "MAIL_SERVER": None,
        "PUBLIC_URL": "http://tavolo.test",
        "RATELIMIT_STORAGE_URI": "memory://",
        "DEMO_PASSWORD": "demo-password-123",
    }
    if BACKEND == "postgresql":
        config["SQLALCHEMY_DATABASE_URI"] = database_template["url"]
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(database_template["template"], path)
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    return config


@pytest.fixture
def app(app_config, database_template):
    app = create_app(app_config)
    app.test_client_class = TavoloClient
    with app.app_context():
        # The limiter is one object per process: start every test with fresh counters.
        limiter.reset()
        yield app
        db.session.remove()
        if BACKEND == "postgresql":
            with db.engine.begin() as connection:
                names = ", ".join(f'"{t}"' for t in database_template["tables"])
                connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def make_app(app_config):
    """``make_app(**overrides)``: another app on the same database, cleaned up afterwards."""
    made = []

    def _make(**overrides):
        other = create_app({**app_config, **overrides})
        other.test_client_class = TavoloClient
        made.append(other)
        return other

    yield _make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app) -> TavoloClient:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login(client):
    """``login(user_or_email, password)`` signs the test client in and checks it worked."""

    def _login(user, password: str = "password-for-tests"):
        email = user if isinstance(user, str) else user.email
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
        return response

    return _login


@pytest.fixture
def coordinator(login):
    """A coordinator, signed in on ``client``."""
    user = make_user("coordinator")
    login(user)
    return user


@pytest.fixture
def count_queries(app):
    """``with count_queries() as queries:`` collects the SQL statements run inside."""

    @contextmanager
    def _count():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        sa.event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", before)

    return _count


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Concurrency tests need PostgreSQL's row locks; SQLite relies on unique constraints,
    which other tests check on both databases."""
    if request.node.get_closest_marker("postgres_only") and BACKEND != "postgresql":
        pytest.skip("needs PostgreSQL (TAVOLO_TEST_DATABASE_URL)")
