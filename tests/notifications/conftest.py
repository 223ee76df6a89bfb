from __future__ import annotations

import pytest

from tests.factories import make_people


@pytest.fixture
def in_request(app):
    with app.test_request_context():
        yield


@pytest.fixture
def people(app):
    """Coordinator and member of a core organisation, a partner of an extended one."""
    return make_people()
