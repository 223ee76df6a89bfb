from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tests.factories import make_member_person, make_organization


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def people(app):
    """Coordinator and member of a core organisation, a partner of an extended one."""
    core_org = make_organization(name="Ufficio Lavoro", ring="core")
    extended_org = make_organization(name="Associazione Esempio", ring="extended")
    coordinator, coordinator_person = make_member_person(
        Role.COORDINATOR, organization=core_org, name="Carla Coordinatrice")
    member, member_person = make_member_person(Role.MEMBER, organization=core_org,
                                               name="Mario Membro")
    partner, partner_person = make_member_person(Role.PARTNER, organization=extended_org,
                                                 name="Paola Partner")

    class People:
        pass

    result = People()
    result.__dict__.update(coordinator=coordinator, coordinator_person=coordinator_person,
                           member=member, member_person=member_person, partner=partner,
                           partner_person=partner_person, core_org=core_org)
    return result
