"""Accounts under attack (issue 16, failures 2–4).

A reset request changes nothing until its link is used; known and unknown addresses go
through the same steps; failed logins are counted before the password is checked, so no
burst of guesses gets past the per-account limit.
"""

from __future__ import annotations

import threading

from tavolo.auth.models import Role
from tavolo.extensions import db
from tests.auth.helpers import NEW_PASSWORD, link_path, messages_to
from tests.factories import PASSWORD, make_user


def reset_path(message) -> str:
    return link_path(message, "/password/reset/")


def test_an_anonymous_reset_request_does_not_end_the_users_sessions(app, client, login):
    user = make_user(email="paola@example.org")
    login(user)
    stamp = user.security_stamp
    stranger = app.test_client()
    for _ in range(3):
        assert stranger.post("/password/forgot",
                             data={"email": "paola@example.org"}).status_code == 200
    assert client.get("/account").status_code == 200
    db.session.refresh(user)
    assert user.security_stamp == stamp
    assert len(messages_to("paola@example.org")) == 3


def test_every_reset_link_works_until_one_is_used(client):
    user = make_user(email="paola@example.org")
    client.post("/password/forgot", data={"email": user.email})
    client.post("/password/forgot", data={"email": user.email})
    first, second = (reset_path(m) for m in messages_to(user.email))
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200
    response = client.post(second, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    for used in (first, second):
        refused = client.get(used)
        assert refused.status_code == 400
        assert "già stato usato" in refused.get_data(as_text=True) \
            or "non è più valido" in refused.get_data(as_text=True)


def test_a_reset_link_dies_when_the_password_changes_another_way(client, login):
    user = make_user(email="paola@example.org")
    client.post("/password/forgot", data={"email": user.email})
    path = reset_path(messages_to(user.email)[0])
    login(user)
    assert client.post("/account/password", data={
        "pw-current_password": PASSWORD, "pw-password": NEW_PASSWORD,
        "pw-confirm": NEW_PASSWORD}).status_code == 303
    client.post("/logout")
    assert client.get(path).status_code == 400


def test_known_and_unknown_addresses_take_the_same_steps(client, count_queries):
    make_user(email="noto@example.org")
    make_user(email="spento@example.org", active=False)
    statements = {}
    for address in ("noto@example.org", "ignoto@example.org", "spento@example.org"):
        with count_queries() as queries:
            response = client.post("/password/forgot", data={"email": address})
        assert response.status_code == 200
        statements[address] = [q.split()[0] for q in queries]
    assert statements["noto@example.org"] == statements["ignoto@example.org"] \
        == statements["spento@example.org"]
    # One message each, of the same kind; only the account holder gets a link.
    [known] = messages_to("noto@example.org")
    [unknown] = messages_to("ignoto@example.org")
    [inactive] = messages_to("spento@example.org")
    assert known.category == unknown.category == inactive.category == "password_reset"
    assert known.subject == unknown.subject
    assert "/password/reset/" in known.body_text
    assert "/password/reset/" not in unknown.body_text + inactive.body_text
    assert "nessun account attivo" in unknown.body_text


def test_a_burst_of_wrong_passwords_in_threads_checks_at_most_the_limit(app, monkeypatch):
    from tavolo.auth import services

    make_user(email="bersaglio@example.org")
    checked = []
    lock = threading.Lock()
    real = services.authenticate

    def counting(email, password):
        with lock:
            checked.append(password)
        return real(email, password)

    monkeypatch.setattr(services, "authenticate", counting)
    clients = [app.test_client() for _ in range(15)]
    for c in clients:
        c.csrf_token()
    barrier = threading.Barrier(len(clients))
    statuses = []

    def guess(c, n):
        barrier.wait()
        response = c.post("/login", data={"email": "bersaglio@example.org",
                                          "password": f"tentativo-{n}"})
        with lock:
            statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(c, n)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= 5
    assert statuses.count(429) >= 10
    assert sorted(set(statuses)) in ([401, 429], [429])


def test_a_successful_login_clears_the_failures_of_the_account(client):
    user = make_user(Role.MEMBER)
    for _ in range(4):
        assert client.post("/login", data={"email": user.email,
                                           "password": "nope"}).status_code == 401
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 303
    client.post("/logout")
    for _ in range(5):
        assert client.post("/login", data={"email": user.email,
                                           "password": "nope"}).status_code == 401
    assert client.post("/login", data={"email": user.email,
                                       "password": "nope"}).status_code == 429
