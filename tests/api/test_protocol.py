"""Tokens, pagination, filters, ETags and JSON errors of the API."""

from __future__ import annotations

import pytest

from tavolo.api.models import ApiToken
from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.types import ROME, utcnow
from tests.factories import make_deliberation, make_meeting, make_project, make_user


def test_bad_and_revoked_tokens_get_401_json(client, token_for):
    user = make_user(Role.MEMBER)
    headers = token_for(user)
    assert client.get("/api/v1/projects", headers=headers).status_code == 200
    for bad in ({"Authorization": "Bearer tvl_nonesiste"}, {"Authorization": "Bearer "},
                {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = client.get("/api/v1/projects", headers=bad)
        assert response.status_code == 401
        assert response.get_json()["error"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    token.revoked_at = utcnow()
    db.session.commit()
    response = client.get("/api/v1/projects", headers=headers)
    assert response.status_code == 401 and response.mimetype == "application/json"


def test_token_requests_carry_no_session_and_note_the_last_use(client, token_for):
    user = make_user(Role.MEMBER)
    headers = token_for(user)
    response = client.get("/api/v1/meetings", headers=headers)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id))
    assert token.last_used_at is not None


def test_pagination_links_and_bounds(client):
    for n in range(5):
        make_project(code=f"X{n}", title=f"Progetto {n}")
    body = client.get("/api/v1/projects?per_page=2&page=2").get_json()
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    assert body["links"]["next"].endswith("page=3") and body["links"]["prev"].endswith("page=1")
    assert len(body["items"]) == 2
    assert client.get("/api/v1/projects?per_page=2&page=4").status_code == 404
    for bad in ("per_page=0", "per_page=101", "page=0", "page=abc", "page=99999999999999999999"):
        response = client.get(f"/api/v1/projects?{bad}")
        assert response.status_code == 400, bad
        assert response.mimetype == "application/json"


def test_filters_by_project_and_dates(client):
    one, two = make_project(code="A"), make_project(code="B")
    make_deliberation(one, year=2019)
    make_deliberation(two, year=2022)
    rows = client.get(f"/api/v1/deliberations?project={one.id}").get_json()["items"]
    assert [r["project_id"] for r in rows] == [one.id]
    rows = client.get("/api/v1/deliberations?from=2021-01-01").get_json()["items"]
    assert [r["project_id"] for r in rows] == [two.id]
    past = make_meeting(kind="enlarged", visibility="public", starts_in_days=-20)
    make_meeting(kind="enlarged", visibility="public", starts_in_days=20)
    day = past.starts_at.astimezone(ROME).date().isoformat()  # the filter counts Rome days
    rows = client.get(f"/api/v1/meetings?from={day}&to={day}").get_json()["items"]
    assert [r["id"] for r in rows] == [past.id]


def test_status_filter(client):
    held = make_meeting(kind="enlarged", visibility="public", status="held", starts_in_days=-5)
    make_meeting(kind="enlarged", visibility="public", status="cancelled")
    rows = client.get("/api/v1/meetings?status=held").get_json()["items"]
    assert [r["id"] for r in rows] == [held.id]
    make_project(code="Z", status="completed")
    rows = client.get("/api/v1/projects?status=completed").get_json()["items"]
    assert [r["code"] for r in rows] == ["Z"]


@pytest.mark.parametrize("query", ["from=2024-02-30", "to=ieri", "from=2025-01-02&to=2025-01-01",
                                   "project=abc", "project=0", "colour=blue",
                                   "status=rinviata"])
def test_bad_filters_get_400_json(client, query):
    response = client.get(f"/api/v1/meetings?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "bad_request" and body["details"]


def test_unknown_ids_and_urls_get_404_json(client):
    for url in ("/api/v1/projects/999999", "/api/v1/nothing", "/api/v1/meetings/9223372036854775808"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "application/json"


def test_writes_are_refused_with_json(client):
    response = client.post("/api/v1/projects", csrf=False)
    assert response.status_code in (400, 405)
    assert response.mimetype == "application/json"


def test_etag_gives_304_until_the_data_change(client):
    project = make_project(code="E", title="Prima")
    first = client.get("/api/v1/projects")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/projects", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data
    detail = client.get(f"/api/v1/projects/{project.id}")
    assert client.get(f"/api/v1/projects/{project.id}",
                      headers={"If-None-Match": detail.headers["ETag"]}).status_code == 304
    project.title = "Seconda"
    db.session.commit()
    assert client.get("/api/v1/projects", headers={"If-None-Match": etag}).status_code == 200


def test_token_requests_are_rate_limited(client, token_for, app):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    headers = token_for(make_user(Role.MEMBER))
    codes = [client.get("/api/v1/projects", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/projects", headers=headers)
    assert response.mimetype == "application/json"
    # Another token, or no token, is counted apart.
    assert client.get("/api/v1/projects").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/projects", "/api/v1/meetings", "/api/v1/seminars",
                                 "/api/v1/proposals", "/api/v1/rounds",
                                 "/api/v1/deliberations", "/api/v1/people",
                                 "/api/v1/organizations"])
def test_list_queries_do_not_grow_with_the_data(client, token_for, count_queries, url):
    from tests.factories import (
        make_organization,
        make_person,
        make_proposal,
        make_round,
        make_seminar,
        make_topic,
    )

    headers = token_for(make_user(Role.COORDINATOR))

    def grow(n):
        for _ in range(n):
            org = make_organization()
            make_person(organization=org)
            project = make_project(lead_organization=org)
            make_deliberation(project, beneficiary=org)
            meeting = make_meeting(kind="enlarged", visibility="public")
            topic = make_topic()
            seminar = make_seminar(commit=False)
            seminar.topics.append(topic)
            seminar.projects.append(project)
            db.session.commit()
            make_round(electorate="network",
                       proposals=[make_proposal(projects=[project]) for _ in range(2)])
            assert meeting.id
        db.session.commit()

    grow(2)
    client.get(url, headers=headers)
    with count_queries() as small:
        assert client.get(url, headers=headers).status_code == 200
    grow(6)
    with count_queries() as large:
        assert client.get(url, headers=headers).status_code == 200
    assert len(large) == len(small), url
