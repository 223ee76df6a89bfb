"""A secret round shows no results until it closes (issue 16, failure 10).

Live results of a secret round let anyone who downloads them before and after a colleague
votes read that colleague's ballot. Live results are for open (non-secret) votes only.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.rounds.models import PriorityRound
from tavolo.rounds.services import ballots
from tests.factories import make_person, make_proposal, make_round, make_user
from tests.rounds.test_rounds import _form


def _results(client, round_):
    return [client.get(f"/rounds/{round_.id}/results{suffix}") for suffix in ("", ".csv")]


def test_results_csv_before_and_after_a_colleague_votes_reveals_nothing(app, client, login,
                                                                        people):
    alfa, beta = (make_proposal(people["partner"], title=t) for t in ("Alfa", "Beta"))
    # A round saved before the rule existed: secret, with live results.
    round_ = make_round([alfa, beta], method="approval", electorate="network", secret=True,
                        results_visibility="live")
    colleague = make_user("member", name="Ernesta Segreta")
    make_person(user=colleague, organization=people["core_org"])
    login(people["member"])
    before = _results(client, round_)
    page_before = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    ballots.cast_ballot(colleague, round_, {alfa.id: 1})
    db.session.commit()
    after = _results(client, round_)
    for response in before + after:
        assert response.status_code == 403
        assert "Alfa" not in response.get_data(as_text=True)
    assert "Vedi i risultati provvisori" not in page_before
    assert "I risultati saranno visibili dopo la chiusura." in page_before
    # Once the round closes, everyone may read them.
    round_.closes_at = ballots.utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    page, export = _results(client, round_)
    assert page.status_code == export.status_code == 200
    assert "Alfa" in export.data.decode("utf-8-sig")


def test_live_results_stay_for_open_votes(client, login, people):
    round_ = make_round(secret=False, results_visibility="live")
    login(people["member"])
    page, export = _results(client, round_)
    assert page.status_code == export.status_code == 200


def test_the_round_form_refuses_a_secret_vote_with_live_results(client, login, people):
    proposals = [make_proposal(people["partner"]) for _ in range(2)]
    login(people["coordinator"])
    form = client.get("/rounds/new").get_data(as_text=True)
    assert "Con il voto segreto i risultati si vedono solo dopo la chiusura" in form
    response = client.post("/rounds/new", data=_form(proposals, results_visibility="live",
                                                      secret="y"))
    assert response.status_code == 400
    assert "Con il voto segreto i risultati si vedono solo dopo la chiusura" \
        in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PriorityRound)) == 0
    open_vote = _form(proposals, results_visibility="live")
    del open_vote["secret"]
    assert client.post("/rounds/new", data=open_vote).status_code == 303
