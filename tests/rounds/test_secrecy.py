"""Secret rounds: nothing shows who voted how; each voter can check their own ballot."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tavolo.rounds.services import ballots
from tests.factories import make_person, make_proposal, make_round, make_user


def _secret_round_with_voters(people, secret=True):
    proposals = [make_proposal(people["partner"], title=t) for t in ("Alfa", "Beta")]
    round_ = make_round(proposals, method="approval", electorate="network", secret=secret,
                        results_visibility="live")
    voter = make_user("member", name="Ernesta Segreta")
    make_person(user=voter, organization=people["core_org"])
    return round_, voter, proposals


def test_no_page_export_log_or_audit_entry_reveals_a_secret_vote(app, client, login, people,
                                                                 caplog):
    round_, voter, (alfa, beta) = _secret_round_with_voters(people)
    caplog.set_level(logging.INFO)
    voter_browser = app.test_client()  # the voter's own browser
    voter_browser.post("/login", data={"email": voter.email, "password": "password-for-tests"})
    response = voter_browser.post(f"/rounds/{round_.id}/ballot",
                                  data={f"voto-{alfa.id}": "1"})
    assert response.status_code == 303
    round_.closes_at = ballots.utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    login(people["coordinator"])
    pages = [client.get(url).get_data(as_text=True) for url in (
        f"/rounds/{round_.id}", f"/rounds/{round_.id}/results", "/rounds/",
        f"/proposals/{alfa.id}", "/admin/outbox")]
    export = client.get(f"/rounds/{round_.id}/results.csv").data.decode("utf-8-sig")
    for text in pages + [export]:
        assert "Ernesta Segreta" not in text
    assert client.get(f"/rounds/{round_.id}/ballots.csv").status_code == 404
    assert "Le schede (voto palese)" not in pages[1]
    audit = db.session.scalars(sa.select(AuditEntry)).all()
    assert all(entry.actor_id != voter.id for entry in audit)
    assert all("Ernesta" not in str(entry.changes) for entry in audit)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert not any("Ernesta" in record.getMessage() or str(voter.id) == record.getMessage()
                   for record in caplog.records)


def test_each_voter_sees_their_own_ballot_and_finds_the_receipt_after_the_close(
        client, login, people):
    round_, voter, (alfa, beta) = _secret_round_with_voters(people)
    login(voter)
    client.post(f"/rounds/{round_.id}/ballot", data={f"voto-{beta.id}": "1"})
    receipt = ballots.my_ballot(round_, voter).receipt
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert receipt in page and "Il tuo voto:" not in page  # open: the form shows the choice
    assert 'name="voto-%d" value="1" checked' % beta.id in page
    results = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "Ricevute delle schede conteggiate" not in results  # only after the close
    round_.closes_at = ballots.utcnow() - dt.timedelta(seconds=1)
    db.session.commit()
    closed = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Il tuo voto:" in closed and "approvata" in closed
    results = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "Ricevute delle schede conteggiate" in results
    assert f'<span class="receipt">{receipt}</span> <span class="badge bg-primary">la tua' in results
    client.post("/logout")
    login(people["member"])  # someone else: sees the receipt listed, not whose it is
    other = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert receipt in other and "badge bg-primary\">la tua" not in other


def test_receipts_are_listed_in_alphabetical_order_not_in_voting_order(people):
    round_, _voter, _ = _secret_round_with_voters(people)
    for user in (people["member"], people["coordinator"], people["partner"]):
        ballots.cast_ballot(user, round_, {})
    db.session.commit()
    from tavolo.rounds.services.results import counted_receipts

    listed = counted_receipts(round_)
    assert listed == sorted(listed) and len(listed) == 3


def test_open_rounds_show_who_voted_what(client, login, people):
    round_, voter, (alfa, beta) = _secret_round_with_voters(people, secret=False)
    login(voter)
    client.post(f"/rounds/{round_.id}/ballot", data={f"voto-{alfa.id}": "1"})
    client.post("/logout")
    login(people["partner"])
    results = client.get(f"/rounds/{round_.id}/results").get_data(as_text=True)
    assert "Le schede (voto palese)" in results and "Ernesta Segreta" in results
    export = client.get(f"/rounds/{round_.id}/ballots.csv").data.decode("utf-8-sig")
    assert "Ernesta Segreta" in export and "Ente del gruppo ristretto" not in export.split(
        "\r\n")[0]
