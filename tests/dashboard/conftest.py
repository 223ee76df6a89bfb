"""Fixtures of the dashboard tests: one login per role, each with a directory person."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from argon2 import PasswordHasher

from tavolo.auth.models import Role
from tests.factories import make_member_person, make_organization


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    monkeypatch.setattr("tavolo.auth.models._hasher",
                        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def people(app):
    core_org = make_organization(name="Ufficio Lavoro", ring="core")
    extended_org = make_organization(name="Associazione Esempio", ring="extended")
    coordinator, coordinator_person = make_member_person(
        Role.COORDINATOR, organization=core_org, name="Carla Coordinatrice")
    member, member_person = make_member_person(Role.MEMBER, organization=core_org,
                                               name="Mario Membro")
    partner, partner_person = make_member_person(Role.PARTNER, organization=extended_org,
                                                 name="Paola Partner")
    return SimpleNamespace(coordinator=coordinator, coordinator_person=coordinator_person,
                           member=member, member_person=member_person,
                           partner=partner, partner_person=partner_person)
