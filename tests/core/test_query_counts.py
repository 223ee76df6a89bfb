"""Foundation pages keep a bounded number of SQL queries whatever the data size."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.outbox.services import enqueue
from tests.factories import make_user


def _grow(n_users: int, n_messages: int) -> None:
    for i in range(n_users):
        make_user(Role.PARTNER, commit=False, password=None)
    for i in range(n_messages):
        enqueue(to_addr=f"p{i}@example.org", subject=f"Oggetto {i}", body_text="x")
    db.session.commit()


@pytest.mark.parametrize("path", ["/", "/admin/users", "/admin/outbox", "/account"])
def test_pages_use_the_same_number_of_queries_with_more_data(client, login, count_queries,
                                                              path):
    login(make_user(Role.COORDINATOR))
    _grow(5, 5)
    client.get(path)
    with count_queries() as small:
        assert client.get(path).status_code == 200
    _grow(300, 300)
    with count_queries() as large:
        assert client.get(path).status_code == 200
    assert len(large) == len(small), large
    # The home page is the coordinator's dashboard: about ten blocks of two or three queries
    # each (tests/dashboard counts them against 1,000 meetings, rounds and comments).
    assert len(large) <= (30 if path == "/" else 12)
