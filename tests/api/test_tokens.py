"""Personal API tokens on the account page: made (shown once), listed, revoked."""

from __future__ import annotations

import re

from tavolo.api.models import ApiToken
from tavolo.api.services import hash_token
from tavolo.auth.models import Role
from tavolo.extensions import db
from tests.factories import make_user


def _token_in(page: str) -> str:
    match = re.search(r'id="api-token-value" value="(tvl_[^"]+)"', page)
    assert match, page[:3000]
    return match.group(1)


def test_create_use_list_and_revoke(client, login):
    user = make_user(Role.MEMBER)
    login(user)
    response = client.post("/api/tokens", data={"api-name": "Foglio di calcolo"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    token = _token_in(response.get_data(as_text=True))
    row = db.session.scalar(db.select(ApiToken))
    assert row.token_hash == hash_token(token) and token not in (row.prefix, row.token_hash)
    assert row.name == "Foglio di calcolo"

    api = client.get("/api/v1/meetings", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200
    account = client.get("/account").get_data(as_text=True)
    assert "Foglio di calcolo" in account and token not in account
    assert row.prefix in account and "mai usato" not in account

    response = client.post(f"/api/tokens/{row.id}/revoke")
    assert response.status_code == 303
    assert db.session.get(ApiToken, row.id).revoked_at is not None
    assert "Revocato il" in client.get("/account").get_data(as_text=True)
    assert client.get("/api/v1/meetings",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_token_needs_a_name(client, login):
    login(make_user(Role.PARTNER))
    response = client.post("/api/tokens", data={"api-name": "   "})
    assert response.status_code == 303
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0
    assert "Dai un nome al token" in client.get("/account").get_data(as_text=True)


def test_nobody_revokes_someone_elses_token(client, login, token_for):
    owner = make_user(Role.MEMBER)
    token_for(owner)
    row = db.session.scalar(db.select(ApiToken))
    login(make_user(Role.COORDINATOR))
    assert client.post(f"/api/tokens/{row.id}/revoke").status_code == 404
    assert db.session.get(ApiToken, row.id).revoked_at is None


def test_anonymous_cannot_make_tokens(client):
    response = client.post("/api/tokens", data={"api-name": "x"})
    assert response.status_code in (302, 303)
    assert db.session.scalar(db.select(db.func.count(ApiToken.id))) == 0
