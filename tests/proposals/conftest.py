"""Fixtures of the proposals and rounds areas: logged-in roles with directory entries."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tavolo.extensions import db
from tests.factories import PASSWORD, make_organization, make_person, make_user


@pytest.fixture(scope="session")
def password_hash():
    """One Argon2 hash of the test password, shared: hashing is slow on purpose."""
    from tavolo.auth.models import _hasher

    return _hasher.hash(PASSWORD)


def _user(role, name, password_hash):
    user = make_user(role, name=name, password=None, commit=False)
    user.password_hash = password_hash
    return user


@pytest.fixture
def people(app, password_hash):
    """One user per role, each with a directory entry in their own organisation."""
    core_org = make_organization(name="Ente del gruppo ristretto", ring="core")
    partner_org = make_organization(name="Associazione partner")
    coordinator = _user(Role.COORDINATOR, "Carla Coordinatrice", password_hash)
    member = _user(Role.MEMBER, "Mario Membro", password_hash)
    partner = _user(Role.PARTNER, "Paola Partner", password_hash)
    db.session.commit()
    make_person(user=coordinator, organization=core_org, name=coordinator.name)
    make_person(user=member, organization=core_org, name=member.name)
    make_person(user=partner, organization=partner_org, name=partner.name)
    return {"coordinator": coordinator, "member": member, "partner": partner,
            "core_org": core_org, "partner_org": partner_org}
