"""Logging in and out, rate limits, CSRF, safe redirects, deactivated accounts."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tests.factories import PASSWORD, make_user


def test_login_page_has_email_and_password_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert 'name="remember"' in page
    assert 'name="csrf_token"' in page


def test_successful_login_redirects_home_and_shows_the_name(client):
    user = make_user(Role.MEMBER, name="Anna Rossi")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Anna Rossi" in page
    assert user.last_login_at is not None


def test_email_is_case_insensitive(client):
    make_user(email="anna.rossi@example.org")
    response = client.post("/login", data={"email": "  Anna.Rossi@EXAMPLE.org ",
                                           "password": PASSWORD})
    assert response.status_code == 303


@pytest.mark.parametrize("email, password", [
    ("nobody@example.org", PASSWORD),
    ("known@example.org", "wrong-password"),
])
def test_failed_login_says_so_in_italian_and_does_not_log_in(client, email, password):
    make_user(email="known@example.org")
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 401
    assert "Indirizzo e-mail o password non corretti" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_deactivated_user_cannot_log_in(client):
    user = make_user(active=False)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_deactivating_a_user_ends_their_session(client, login, app):
    from tavolo.extensions import db

    user = make_user()
    login(user)
    assert client.get("/account").status_code == 200
    user.active = False
    user.rotate_security_stamp()
    db.session.commit()
    assert client.get("/account").status_code == 302


def test_logout_needs_a_post_with_csrf(client, login):
    login(make_user())
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/account").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 303
    assert client.get("/account").status_code == 302


def test_remember_me_sets_a_long_lived_cookie(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("tavolo_remember=") and "Expires=" in c for c in cookies)


def test_without_remember_me_no_remember_cookie(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert not any(c.startswith("tavolo_remember=")
                   for c in response.headers.getlist("Set-Cookie"))


def test_post_without_csrf_token_is_rejected(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD},
                           csrf=False)
    assert response.status_code == 400
    assert "Il modulo è scaduto" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_post_with_forged_csrf_token_is_rejected(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": "forged"})
    assert response.status_code == 400


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\evil.example",
    "http:evil.example", "javascript:alert(1)", "/%0d%0aLocation:%20https://evil.example",
    " //evil.example",
])
def test_next_never_redirects_off_site(client, target):
    user = make_user()
    response = client.post(f"/login?next={target}", data={"email": user.email,
                                                           "password": PASSWORD})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_next_to_a_local_page_is_followed(client):
    user = make_user(Role.COORDINATOR)
    response = client.post("/login?next=/admin/users", data={"email": user.email,
                                                              "password": PASSWORD})
    assert response.headers["Location"] == "/admin/users"


def test_protected_page_sends_anonymous_visitors_to_login_and_back(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_failed_logins_are_limited_per_account(client):
    user = make_user(email="target@example.org")
    for _ in range(5):
        assert client.post("/login", data={"email": user.email,
                                           "password": "nope"}).status_code == 401
    response = client.post("/login", data={"email": user.email, "password": "nope"})
    assert response.status_code == 429
    assert "Troppi tentativi di accesso non riusciti" in response.get_data(as_text=True)
    # Even the right password is refused while the account is locked…
    blocked = client.post("/login", data={"email": "TARGET@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    # …while another account from the same address still works.
    other = make_user()
    assert client.post("/login", data={"email": other.email,
                                       "password": PASSWORD}).status_code == 303


def test_failed_logins_are_limited_per_ip_across_accounts(make_app):
    app = make_app(LOGIN_LIMIT_PER_IP="3 per 15 minutes")
    client = app.test_client()
    with app.app_context():
        user = make_user()
        for n in range(3):
            client.post("/login", data={"email": f"guess{n}@example.org", "password": "x"})
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 429
        # Another client address is not affected.
        other = client.post("/login", data={"email": user.email, "password": PASSWORD},
                            environ_base={"REMOTE_ADDR": "10.1.2.3"})
        assert other.status_code == 303


def test_successful_logins_do_not_count_towards_the_limit(client):
    user = make_user()
    for _ in range(8):
        assert client.post("/login", data={"email": user.email,
                                           "password": PASSWORD}).status_code == 303
        client.post("/logout")


def test_password_change_logs_out_other_sessions(app, login, client):
    user = make_user()
    login(user)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/account").status_code == 200
    response = client.post("/account/password", data={
        "pw-current_password": PASSWORD, "pw-password": "a-brand-new-secret",
        "pw-confirm": "a-brand-new-secret"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(client, login):
    user = make_user()
    login(user)
    old_hash = user.password_hash
    response = client.post("/account/password", data={
        "pw-current_password": "not-it", "pw-password": "a-brand-new-secret",
        "pw-confirm": "a-brand-new-secret"})
    assert response.status_code == 400
    assert "La password attuale non è corretta" in response.get_data(as_text=True)
    assert user.password_hash == old_hash


def test_account_page_updates_name_and_language(client, login):
    user = make_user(name="Vecchio Nome")
    login(user)
    response = client.post("/account", data={"name": "Nuovo Nome", "locale": "en"})
    assert response.status_code == 303
    assert user.name == "Nuovo Nome" and user.locale == "en"


def test_password_hash_is_argon2(app):
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
