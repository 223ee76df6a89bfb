"""Fixtures of the dashboard tests: one login per role, each with a directory person."""

from __future__ import annotations

import pytest

from tests.factories import cheap_password_hashing, make_people


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    cheap_password_hashing(monkeypatch)


@pytest.fixture
def people(app):
    return make_people()
