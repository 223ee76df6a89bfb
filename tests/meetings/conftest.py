"""Fixtures of the meeting tests: one login per role, each with a directory person."""

from __future__ import annotations

import pytest

from tests.factories import cheap_password_hashing, make_people


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    cheap_password_hashing(monkeypatch)


@pytest.fixture
def people(app):
    """Coordinator and member (core organisation), partner (extended organisation)."""
    return make_people()


@pytest.fixture
def in_request(app):
    """Services that write e-mails render templates: give them a request, as in the app."""
    with app.test_request_context():
        yield
