"""Voting through the pages: side by side, htmx or not, and the server checks everything."""

from __future__ import annotations

import datetime as dt

import pytest

from tavolo.extensions import db
from tavolo.rounds.services import ballots
from tests.factories import make_proposal, make_round


@pytest.fixture
def dots_round(people):
    proposals = [make_proposal(people["partner"], title=f"Proposta {n}") for n in range(3)]
    return make_round(proposals, method="dots", electorate="network", dots_budget=6,
                      dots_max_per_proposal=4)


def test_the_voter_sees_the_proposals_side_by_side_with_the_rules(client, login, people,
                                                                 dots_round):
    login(people["partner"])
    page = client.get(f"/rounds/{dots_round.id}").get_data(as_text=True)
    for item in dots_round.items:
        assert item.proposal.title in page and f'name="voto-{item.proposal_id}"' in page
    assert "Hai 6 punti da distribuire, al massimo 4 su una proposta" in page
    assert 'max="4"' in page


def test_casting_without_javascript_redirects_and_shows_the_receipt(client, login, people,
                                                                   dots_round):
    first = dots_round.items[0].proposal_id
    login(people["partner"])
    response = client.post(f"/rounds/{dots_round.id}/ballot", data={f"voto-{first}": "4"})
    assert response.status_code == 303 and response.headers["Location"].endswith("#scheda")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    receipt = ballots.my_ballot(dots_round, people["partner"]).receipt
    assert receipt in page and "Cambia la scheda" in page and "Ritira la mia scheda" in page


def test_casting_with_htmx_swaps_the_ballot_and_the_turnout(client, login, people, dots_round):
    first = dots_round.items[0].proposal_id
    login(people["partner"])
    response = client.post(f"/rounds/{dots_round.id}/ballot", data={f"voto-{first}": "2"},
                           headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert body.lstrip().startswith('<section id="scheda"') and "Scheda registrata." in body
    assert 'id="affluenza" class="stat-line" hx-swap-oob="true"' in body


@pytest.mark.parametrize("sent, message", [
    ({"a": "4", "b": "4"}, "Hai assegnato 8 punti"),
    ({"a": "5"}, "al massimo 4 punti"),
    ({"a": "-2", "b": "4", "c": "4"}, "negativi"),
    ({"a": "molti"}, "numero intero"),
    ({"a": "1", "voto-999999": "1"}, "non fanno parte"),
])
def test_the_server_refuses_what_breaks_the_rules_whatever_the_browser_sends(
        client, login, people, dots_round, sent, message):
    ids = dict(zip("abc", (item.proposal_id for item in dots_round.items)))
    data = {(f"voto-{ids[k]}" if k in ids else k): v for k, v in sent.items()}
    login(people["partner"])
    full = client.post(f"/rounds/{dots_round.id}/ballot", data=data)
    assert full.status_code == 400 and message in full.get_data(as_text=True)
    fragment = client.post(f"/rounds/{dots_round.id}/ballot", data=data,
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and message in fragment.get_data(as_text=True)
    assert ballots.count_ballots(dots_round) == 0


def test_score_ballots_must_score_every_proposal(client, login, people):
    round_ = make_round([make_proposal(people["partner"]) for _ in range(2)], method="score",
                        electorate="network")
    first, second = (item.proposal_id for item in round_.items)
    login(people["partner"])
    refused = client.post(f"/rounds/{round_.id}/ballot", data={f"voto-{first}": "5"})
    assert refused.status_code == 400 and "scegli un punteggio" in refused.get_data(as_text=True)
    accepted = client.post(f"/rounds/{round_.id}/ballot",
                           data={f"voto-{first}": "5", f"voto-{second}": "0"})
    assert accepted.status_code == 303


def test_a_ballot_after_the_close_is_refused_with_a_message(client, login, people, dots_round):
    dots_round.closes_at = dots_round.opens_at + dt.timedelta(seconds=1)
    db.session.commit()
    login(people["partner"])
    response = client.post(f"/rounds/{dots_round.id}/ballot", data={})
    assert response.status_code == 400
    assert "La votazione è chiusa" in response.get_data(as_text=True)
    assert ballots.count_ballots(dots_round) == 0


def test_withdrawing_a_ballot(client, login, people, dots_round):
    login(people["partner"])
    client.post(f"/rounds/{dots_round.id}/ballot", data={})
    assert ballots.count_ballots(dots_round) == 1
    assert client.post(f"/rounds/{dots_round.id}/ballot/withdraw").status_code == 303
    assert ballots.count_ballots(dots_round) == 0


def test_each_method_renders_its_own_inputs(client, login, people):
    login(people["member"])
    expected = {"approval": 'type="checkbox"', "score": 'type="radio"',
                "schulze": "Senza posizione", "dots": 'type="number"'}
    for method, marker in expected.items():
        round_ = make_round([make_proposal(people["partner"]) for _ in range(2)], method=method)
        page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
        assert marker in page, method
