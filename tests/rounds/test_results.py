"""Results: the ranking with each method's figures, turnout, quorum, ties, chart, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.rounds.models import Ballot, BallotEntry
from tavolo.rounds.services import ballots
from tests.factories import make_proposal, make_round, make_user


def _close(round_):
    round_.closes_at = round_.opens_at + dt.timedelta(minutes=1)
    db.session.commit()


def _bulk_ballots(round_, count, values):
    """``count`` ballots inserted in bulk, each giving ``values(n)`` (a dict)."""
    db.session.execute(sa.insert(Ballot), [
        {"round_id": round_.id, "voter_hash": f"voter-{n}", "receipt": f"R{n:09d}"}
        for n in range(count)])
    ids = db.session.scalars(sa.select(Ballot.id).where(Ballot.round_id == round_.id)
                             .order_by(Ballot.id)).all()
    rows = [{"ballot_id": ballot_id, "proposal_id": p, "value": v}
            for n, ballot_id in enumerate(ids) for p, v in values(n).items()]
    if rows:
        db.session.execute(sa.insert(BallotEntry), rows)
    db.session.commit()


@pytest.fixture
def tied_round(people):
    proposals = [make_proposal(people["partner"], title=t) for t in ("Alfa", "Beta", "Gamma")]
    round_ = make_round(proposals, method="dots", electorate="core", quorum_percent=100)
    a, b, c = (p.id for p in proposals)
    ballots.cast_ballot(people["member"], round_, {a: 5, b: 3})
    ballots.cast_ballot(people["coordinator"], round_, {a: 3, b: 5, c: 2})
    db.session.commit()
    return round_


def test_results_show_points_ties_turnout_and_quorum(client, login, people, tied_round):
    _close(tied_round)
    login(people["member"])
    page = client.get(f"/rounds/{tied_round.id}/results").get_data(as_text=True)
    assert page.count("1° ex aequo") >= 2  # Alfa and Beta both have 8 points
    assert "3°" in page and "Gamma" in page
    assert "2 schede su 2 aventi diritto (100,0%)" in page
    assert "raggiunto" in page
    assert "<svg" in page and 'class="chart-bar chart-bar-leading"' in page
    assert "Risultati provvisori" not in page


def test_a_missed_quorum_is_said_plainly(client, login, people):
    round_ = make_round([make_proposal(people["partner"]) for _ in range(2)],
                        electorate="network", quorum_percent=60)
    ballots.cast_ballot(people["member"], round_, {})
    db.session.commit()
    _close(round_)
    login(people["member"])
    page = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "non raggiunto" in page and "servono 2 schede" in page
    assert "Il quorum non è stato raggiunto" in page


def test_results_after_close_stay_hidden_until_then_live_ones_show_at_once(client, login,
                                                                          people):
    hidden = make_round(results_visibility="after_close")
    live = make_round(results_visibility="live", secret=False)
    login(people["coordinator"])  # nobody, not even the coordinator, sees them early
    assert client.get(f"/rounds/{hidden.id}/results").status_code == 403
    assert client.get(f"/rounds/{hidden.id}/results.csv").status_code == 403
    page = client.get(f"/rounds/{live.id}/results").get_data(as_text=True)
    assert "Risultati provvisori" in page and 'hx-trigger="every 30s"' in page
    _close(hidden)
    assert client.get(f"/rounds/{hidden.id}/results").status_code == 200


def test_live_results_refresh_as_an_htmx_fragment(client, login, people):
    live = make_round(results_visibility="live", secret=False)
    login(people["member"])
    fragment = client.get(f"/rounds/{live.id}/results", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<div id="risultati"')


def test_csv_export_is_utf8_with_bom_and_semicolons(client, login, people, tied_round):
    _close(tied_round)
    login(people["member"])
    response = client.get(f"/rounds/{tied_round.id}/results.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Posizione", "Ex aequo", "Proposta"]
    by_title = {row[2]: row for row in rows[1:]}
    assert by_title["Alfa"][:2] == ["1", "sì"] and by_title["Beta"][:2] == ["1", "sì"]
    assert by_title["Gamma"][0] == "3" and by_title["Gamma"][4] == "2"
    assert by_title["Alfa"][6] == "44,4%"  # 8 of 18 points, with a decimal comma


def test_schulze_results_show_pairwise_wins_and_the_matrix(client, login, people):
    proposals = [make_proposal(people["partner"], title=t) for t in ("Alfa", "Beta")]
    round_ = make_round(proposals, method="schulze", electorate="core", secret=False)
    a, b = (p.id for p in proposals)
    ballots.cast_ballot(people["member"], round_, {a: 1, b: 2})
    ballots.cast_ballot(people["coordinator"], round_, {a: 1})
    db.session.commit()
    login(people["member"])
    page = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "Vittorie Schulze" in page and "Confronti a coppie" in page
    assert "<strong>2</strong>" in page  # both voters prefer Alfa to Beta


def test_score_results_show_the_mean_with_two_decimals(client, login, people):
    proposals = [make_proposal(people["partner"], title=t) for t in ("Alfa", "Beta")]
    round_ = make_round(proposals, method="score", electorate="core", secret=False)
    a, b = (p.id for p in proposals)
    ballots.cast_ballot(people["member"], round_, {a: 5, b: 2})
    ballots.cast_ballot(people["coordinator"], round_, {a: 4, b: 2})
    db.session.commit()
    login(people["member"])
    page = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "4,50" in page and "2,00" in page


def test_turnout_is_fixed_at_the_close(client, login, people, tied_round):
    _close(tied_round)
    login(people["member"])
    client.get(f"/rounds/{tied_round.id}/results")
    make_user("member")  # joins after the close: does not change the past turnout
    page = client.get(f"/rounds/{tied_round.id}/results").get_data(as_text=True)
    assert "su 2 aventi diritto" in page


def test_results_page_queries_do_not_grow_with_500_ballots(client, login, people,
                                                           count_queries):
    def build(count, secret):
        proposals = [make_proposal(people["partner"], commit=False) for _ in range(6)]
        round_ = make_round(proposals, method="dots", electorate="network", secret=secret,
                            dots_budget=10, dots_max_per_proposal=5)
        ids = [p.id for p in proposals]
        _bulk_ballots(round_, count, lambda n: {ids[n % 6]: 5, ids[(n + 1) % 6]: 3})
        _close(round_)  # closed: the receipts (secret) or the ballots (open) are listed too
        return round_

    small_secret, big_secret = build(5, True), build(500, True)
    small_open, big_open = build(5, False), build(500, False)
    login(people["member"])
    measured = {}
    for name, round_ in [("small_secret", small_secret), ("big_secret", big_secret),
                         ("small_open", small_open), ("big_open", big_open)]:
        client.get(f"/rounds/{round_.id}/results")  # the first view fixes the turnout
        with count_queries() as queries:
            page = client.get(f"/rounds/{round_.id}/results")
        assert page.status_code == 200
        measured[name] = len(queries)
    assert "500 schede" in page.get_data(as_text=True)
    assert measured["big_secret"] == measured["small_secret"]
    assert measured["big_open"] == measured["small_open"]
    assert max(measured.values()) <= 14, measured


def test_a_proposal_hidden_after_the_vote_stays_hidden_in_results_and_exports(client, login,
                                                                              people):
    proposals = [make_proposal(people["member"], title=t) for t in ("Visibile", "Segreta")]
    round_ = make_round(proposals, electorate="network", secret=False)
    _close(round_)
    proposals[1].visibility = "core"  # reopened and restricted after the vote
    db.session.commit()
    login(people["partner"])
    page = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    ranking = client.get(f"/rounds/{round_.id}/results.csv").data.decode("utf-8-sig")
    ballots_export = client.get(f"/rounds/{round_.id}/ballots.csv").data.decode("utf-8-sig")
    for text in (page, ranking, ballots_export):
        assert "Segreta" not in text and "Visibile" in text
        assert "Proposta riservata" in text
