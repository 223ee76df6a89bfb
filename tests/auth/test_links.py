"""Invitation and password-reset links: signed, expiring, single use."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner

from tavolo.auth.models import Role, User
from tavolo.auth.tokens import Purpose, make_token
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tests.auth.helpers import NEW_PASSWORD, link_path, messages_to
from tests.factories import PASSWORD, make_user


def _invite(client, login, email="nuova.partner@example.org", role="partner"):
    coordinator = make_user(Role.COORDINATOR)
    login(coordinator)
    response = client.post("/admin/users/invite", data={
        "email": email, "name": "Nuova Partner", "role": role, "locale": "it"})
    assert response.status_code == 303, response.get_data(as_text=True)
    client.post("/logout")
    return coordinator


def test_invitation_is_written_to_the_outbox_with_a_link(client, login):
    _invite(client, login)
    [message] = messages_to("nuova.partner@example.org")
    assert message.category == "invitation"
    assert "Invito" in message.subject
    assert "/invitation/" in message.body_text and "/invitation/" in message.body_html
    user = db.session.scalar(sa.select(User).filter_by(email="nuova.partner@example.org"))
    assert user.role == Role.PARTNER and not user.has_password


def test_invitee_sets_a_password_and_can_log_in(client, login):
    _invite(client, login)
    path = link_path(messages_to("nuova.partner@example.org")[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Nuova Partner" in page.get_data(as_text=True)
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert "Nuova Partner" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.post("/login", data={"email": "nuova.partner@example.org",
                                       "password": NEW_PASSWORD}).status_code == 303


def test_invitation_link_works_only_once(client, login):
    _invite(client, login)
    path = link_path(messages_to("nuova.partner@example.org")[0])
    client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    again = client.get(path)
    assert again.status_code == 400
    assert "già stato usato" in again.get_data(as_text=True)
    response = client.post(path, data={"password": "qualcosa-di-diverso",
                                       "confirm": "qualcosa-di-diverso"})
    assert response.status_code == 400
    assert client.post("/login", data={"email": "nuova.partner@example.org",
                                       "password": NEW_PASSWORD}).status_code == 303


def test_tampered_invitation_link_is_refused(client, login):
    _invite(client, login)
    path = link_path(messages_to("nuova.partner@example.org")[0])
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    response = client.get(tampered)
    assert response.status_code == 400
    assert "non è valido" in response.get_data(as_text=True)


def test_token_for_another_user_id_cannot_be_forged(app, client):
    user = make_user(password=None)
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("some-other-key", salt="tavolo-invitation").dumps(
        {"u": user.id, "s": user.security_stamp})
    assert client.get(f"/invitation/{forged}").status_code == 400


def _token_made_ago(app, monkeypatch, user, purpose: Purpose, seconds: int) -> str:
    """A token for ``user`` signed ``seconds`` ago."""
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) - seconds)
    with app.test_request_context():
        token = make_token(user, purpose)
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    return token


def test_expired_invitation_link_is_refused(app, client, monkeypatch):
    user = make_user(password=None)
    token = _token_made_ago(app, monkeypatch, user, Purpose.INVITATION, 8 * 24 * 3600)
    response = client.get(f"/invitation/{token}")
    assert response.status_code == 400
    assert "scaduto" in response.get_data(as_text=True)


def test_invitation_token_is_not_a_reset_token(app, client):
    user = make_user()
    with app.test_request_context():
        token = make_token(user, Purpose.INVITATION)
    assert client.get(f"/password/reset/{token}").status_code == 400


def test_reinviting_makes_the_old_link_useless(client, login):
    coordinator = _invite(client, login)
    first = link_path(messages_to("nuova.partner@example.org")[0])
    user = db.session.scalar(sa.select(User).filter_by(email="nuova.partner@example.org"))
    login(coordinator)
    assert client.post(f"/admin/users/{user.id}/reinvite").status_code == 303
    client.post("/logout")
    messages = messages_to("nuova.partner@example.org")
    assert len(messages) == 2
    assert client.get(first).status_code == 400
    assert client.get(link_path(messages[1])).status_code == 200


def test_inviting_an_existing_address_is_refused(client, login):
    make_user(email="esiste@example.org")
    login(make_user(Role.COORDINATOR))
    response = client.post("/admin/users/invite", data={
        "email": "ESISTE@example.org", "name": "Doppio", "role": "partner", "locale": "it"})
    assert response.status_code == 400
    assert "Esiste già un account" in response.get_data(as_text=True)
    assert messages_to("esiste@example.org") == []


@pytest.mark.parametrize("data, message", [
    ({"email": "non-un-indirizzo", "name": "X", "role": "partner"}, "non è valido"),
    ({"email": "", "name": "X", "role": "partner"}, "Scrivi l&#39;indirizzo"),
    ({"email": "a@example.org", "name": "", "role": "partner"}, "Scrivi il nome"),
    ({"email": "a@example.org", "name": "X", "role": "admin"}, "Not a valid choice"),
])
def test_bad_invitations_change_nothing(client, login, data, message):
    login(make_user(Role.COORDINATOR))
    before = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    response = client.post("/admin/users/invite", data={"locale": "it", **data})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PARTNER])
def test_only_coordinators_invite(client, login, role):
    login(make_user(role))
    response = client.post("/admin/users/invite", data={
        "email": "x@example.org", "name": "X", "role": "coordinator", "locale": "it"})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(User).filter_by(email="x@example.org")) is None


def test_short_or_mismatched_passwords_are_refused(client, login):
    _invite(client, login)
    path = link_path(messages_to("nuova.partner@example.org")[0])
    short = client.post(path, data={"password": "corta", "confirm": "corta"})
    assert "almeno 10 caratteri" in short.get_data(as_text=True)
    mismatch = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "non coincidono" in mismatch.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).filter_by(email="nuova.partner@example.org"))
    assert not user.has_password


def test_password_reset_for_unknown_address_looks_the_same_and_sends_no_link(client):
    make_user(email="noto@example.org")
    unknown = client.post("/password/forgot", data={"email": "ignoto@example.org"})
    known = client.post("/password/forgot", data={"email": "noto@example.org"})
    assert unknown.status_code == known.status_code == 200
    assert "Controlla la posta" in unknown.get_data(as_text=True)
    [no_account] = messages_to("ignoto@example.org")
    assert "/password/reset/" not in no_account.body_text
    assert "/password/reset/" in messages_to("noto@example.org")[0].body_text


def test_password_reset_link_sets_a_new_password_once(client):
    user = make_user(email="noto@example.org")
    client.post("/password/forgot", data={"email": "noto@example.org"})
    path = link_path(messages_to("noto@example.org")[0])
    assert path.startswith("/password/reset/")
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 401
    assert client.post("/login", data={"email": user.email,
                                       "password": NEW_PASSWORD}).status_code == 303
    client.post("/logout")
    assert client.get(path).status_code == 400


def test_password_reset_link_expires(app, client, monkeypatch):
    user = make_user()
    token = _token_made_ago(app, monkeypatch, user, Purpose.PASSWORD_RESET, 3 * 3600)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert "scaduto" in response.get_data(as_text=True)


def test_no_reset_link_for_deactivated_accounts(client):
    make_user(email="spento@example.org", active=False)
    client.post("/password/forgot", data={"email": "spento@example.org"})
    [message] = messages_to("spento@example.org")
    assert "/password/reset/" not in message.body_text
    assert "nessun account attivo" in message.body_text


def test_invitation_mail_is_written_in_the_invitee_language(client, login):
    login(make_user(Role.COORDINATOR))
    client.post("/admin/users/invite", data={
        "email": "english@example.org", "name": "Jane", "role": "member", "locale": "en"})
    [message] = messages_to("english@example.org")
    assert "Invitation" in message.subject
    assert "set your password" in message.body_text.lower()


def test_failed_invitation_leaves_no_outbox_message(app, client, login, monkeypatch):
    """The mail and the account are written in one transaction: both or neither."""
    from tavolo.auth import services

    def broken(*args, **kwargs):
        raise RuntimeError("database error halfway")

    monkeypatch.setattr(services, "record", broken)
    login(make_user(Role.COORDINATOR))
    response = client.post("/admin/users/invite", data={
        "email": "meta@example.org", "name": "A metà", "role": "partner", "locale": "it"})
    assert response.status_code == 500
    assert db.session.scalar(sa.select(User).filter_by(email="meta@example.org")) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
