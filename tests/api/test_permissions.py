"""What each reader gets from the API: a token acts as its owner and nothing more."""

from __future__ import annotations

import pytest

from tavolo.auth.models import Role
from tests.factories import make_user


def _titles(client, url, headers=None):
    response = client.get(url, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return {item.get("title") or item.get("name") for item in response.get_json()["items"]}


def test_anonymous_sees_public_data_only(client, world):
    assert _titles(client, "/api/v1/projects") == {"Progetto pubblico"}
    assert _titles(client, "/api/v1/meetings") == {"Riunione pubblica"}
    assert _titles(client, "/api/v1/seminars") == {"Seminario pubblico"}
    assert _titles(client, "/api/v1/proposals") == {"Proposta pubblica"}
    assert _titles(client, "/api/v1/rounds") == set()
    deliberations = client.get("/api/v1/deliberations").get_json()["items"]
    assert {d["project_id"] for d in deliberations} == {world["projects"]["public"].id}


@pytest.mark.parametrize("url", ["/api/v1/organizations", "/api/v1/people"])
def test_directory_needs_a_login(client, world, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_partner_token_never_returns_core_content(client, world, token_for):
    headers = token_for(make_user(Role.PARTNER))
    assert _titles(client, "/api/v1/projects", headers) == {"Progetto pubblico",
                                                            "Progetto di rete"}
    meetings = _titles(client, "/api/v1/meetings", headers)
    assert meetings == {"Riunione pubblica", "Riunione di rete"}
    proposals = _titles(client, "/api/v1/proposals", headers)
    assert "Proposta pubblica" in proposals and "Proposta ristretta" not in proposals
    assert _titles(client, "/api/v1/rounds", headers) == {"Votazione di rete",
                                                          "Votazione chiusa"}
    core_meeting = world["meetings"]["core"]
    assert client.get(f"/api/v1/meetings/{core_meeting.id}", headers=headers).status_code == 404
    core_project = world["projects"]["core"]
    assert client.get(f"/api/v1/projects/{core_project.id}", headers=headers).status_code == 404
    # The directory is open to partners, without the coordinator's notes.
    people = client.get("/api/v1/people", headers=headers).get_json()["items"]
    assert people[0]["email"] == "maria@example.org"
    assert "notes" not in people[0]


def test_member_token_sees_core_content_but_not_private(client, world, token_for):
    headers = token_for(make_user(Role.MEMBER))
    assert _titles(client, "/api/v1/projects", headers) == {
        "Progetto pubblico", "Progetto di rete", "Progetto ristretto"}
    assert _titles(client, "/api/v1/meetings", headers) == {
        "Riunione pubblica", "Riunione di rete", "Riunione ristretta",
        "Riunione in preparazione"}
    assert _titles(client, "/api/v1/rounds", headers) == {
        "Votazione di rete", "Votazione ristretta", "Votazione chiusa"}


def test_notices_follow_their_level_and_hide_unreadable_projects(client, world, token_for):
    assert _titles(client, "/api/v1/notices") == {"Bando pubblico", "Avviso scaduto"}
    public = next(n for n in client.get("/api/v1/notices").get_json()["items"]
                  if n["title"] == "Bando pubblico")
    assert public["kind"] == "funding" and public["projects"] == []  # a network project
    partner = token_for(make_user(Role.PARTNER))
    assert _titles(client, "/api/v1/notices", partner) == {
        "Bando pubblico", "Avviso scaduto", "Corso per la rete"}
    public = client.get(f"/api/v1/notices/{public['id']}", headers=partner).get_json()
    assert [p["name"] for p in public["projects"]] == ["Progetto di rete"]
    member = token_for(make_user(Role.MEMBER))
    assert "Avviso ristretto" in _titles(client, "/api/v1/notices", member)
    assert "Avviso da approvare" not in _titles(client, "/api/v1/notices",
                                                token_for(make_user(Role.COORDINATOR)))


def test_coordinator_token_sees_private_projects(client, world, token_for):
    headers = token_for(make_user(Role.COORDINATOR))
    assert "Progetto privato" in _titles(client, "/api/v1/projects", headers)


def test_meeting_agenda_hides_projects_the_reader_may_not_see(client, world, token_for):
    meeting = world["meetings"]["public"]
    anonymous = client.get(f"/api/v1/meetings/{meeting.id}").get_json()
    assert anonymous["agenda"][0]["title"] == "Punto sul progetto di rete"
    assert anonymous["agenda"][0]["project"] is None
    partner = client.get(f"/api/v1/meetings/{meeting.id}",
                         headers=token_for(make_user(Role.PARTNER))).get_json()
    assert partner["agenda"][0]["project"]["name"] == "Progetto di rete"


def test_minutes_only_once_approved(client, world, token_for):
    public = world["meetings"]["public"]
    body = client.get(f"/api/v1/meetings/{public.id}").get_json()
    assert body["minutes"]["summary"] == "Verbale approvato"
    # Draft minutes stay out of the API, even for the core group.
    network = world["meetings"]["network"]
    member = token_for(make_user(Role.MEMBER))
    assert client.get(f"/api/v1/meetings/{network.id}", headers=member).get_json()[
        "minutes"] is None


def test_round_results_follow_the_round_rule(client, world, token_for):
    import datetime as dt

    from tests.factories import make_round

    partner = token_for(make_user(Role.PARTNER))
    closed = make_round(title="Chiusa", electorate="network",
                        opens_in=-dt.timedelta(days=3), closes_in=-dt.timedelta(days=1))
    open_secret = make_round(title="Aperta", electorate="network")
    done = client.get(f"/api/v1/rounds/{closed.id}", headers=partner).get_json()
    assert done["results_available"] is True
    assert done["results"]["closed"] is True and len(done["results"]["rows"]) == 3
    running = client.get(f"/api/v1/rounds/{open_secret.id}", headers=partner).get_json()
    assert running["results_available"] is False and running["results"] is None
    assert client.get(f"/api/v1/rounds/{closed.id}").status_code == 404  # anonymous


def test_token_of_a_deactivated_account_is_refused(client, world, token_for, app):
    from tavolo.extensions import db

    user = make_user(Role.MEMBER)
    headers = token_for(user)
    user.active = False
    db.session.commit()
    assert client.get("/api/v1/projects", headers=headers).status_code == 401
