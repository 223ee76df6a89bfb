"""Priority rounds: setting them up, who sees and votes, changing and closing them."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.proposals.models import Proposal, ProposalStatus
from tavolo.rounds.forms import utc_to_rome_naive
from tavolo.rounds.models import PriorityRound
from tavolo.rounds.services import ballots, electorate, rounds
from tavolo.types import utcnow
from tests.factories import make_person, make_proposal, make_round, make_user


def _form(proposals, **overrides):
    now = utcnow()
    data = {
        "title": "Priorità 2027", "description": "Scegliamo.", "method": "dots",
        "dots_budget": "10", "dots_max_per_proposal": "4", "electorate": "network",
        "ballot_unit": "person", "results_visibility": "after_close", "secret": "y",
        "quorum_percent": "50",
        "opens_at": utc_to_rome_naive(now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": utc_to_rome_naive(now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "proposals": [p.id for p in proposals],
    }
    data.update(overrides)
    return data


def test_the_coordinator_creates_a_round_and_its_proposals_go_in_a_vote(client, login, people):
    proposals = [make_proposal(people["partner"], title=f"P{n}") for n in range(3)]
    login(people["coordinator"])
    assert client.get("/rounds/new").status_code == 200
    response = client.post("/rounds/new", data=_form(proposals))
    assert response.status_code == 303, response.get_data(as_text=True)
    round_ = db.session.scalar(sa.select(PriorityRound))
    assert (round_.method.value, round_.dots_budget, round_.dots_max_per_proposal,
            round_.quorum_percent, round_.secret) == ("dots", 10, 4, 50, True)
    assert {item.proposal_id for item in round_.items} == {p.id for p in proposals}
    for proposal in proposals:
        db.session.refresh(proposal)
        assert proposal.status == ProposalStatus.VOTING
    # Times typed in Italian local time are stored in UTC.
    assert round_.opens_at.tzinfo is not None
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.object_type == "priority_round"))
    assert entry.action == "create" and "ballot_salt" not in entry.changes
    assert entry.changes["method"] == [None, "dots"]
    assert sorted(entry.changes["proposals"][1]) == sorted(p.id for p in proposals)


@pytest.mark.parametrize("overrides, message", [
    ({"dots_max_per_proposal": "11"}, "massimo di punti"),
    ({"closes_at": "2020-01-01T10:00"}, "chiusura"),
])
def test_invalid_rounds_are_refused_with_a_message(client, login, people, overrides, message):
    proposals = [make_proposal(people["partner"]) for _ in range(2)]
    login(people["coordinator"])
    response = client.post("/rounds/new", data=_form(proposals, **overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PriorityRound)) == 0
    for proposal in proposals:
        db.session.refresh(proposal)
        assert proposal.status == ProposalStatus.OPEN


def test_a_network_round_cannot_show_partners_a_core_proposal(people):
    core = make_proposal(people["member"], visibility="core")
    other = make_proposal(people["member"])
    settings = rounds.RoundSettings(
        title="R", description="", method="approval", electorate="network",
        ballot_unit="person", opens_at=utcnow(), closes_at=utcnow() + dt.timedelta(days=1),
        results_visibility="after_close", secret=True, proposals=[core, other])
    with pytest.raises(rounds.RoundError, match="non può entrare"):
        rounds.create_round(people["coordinator"], settings)
    settings.electorate = "core"
    rounds.create_round(people["coordinator"], settings)


def test_a_proposal_cannot_be_in_two_rounds_at_once(people):
    proposals = [make_proposal(people["member"]) for _ in range(2)]
    make_round(proposals)
    settings = rounds.RoundSettings(
        title="R2", description="", method="approval", electorate="core", ballot_unit="person",
        opens_at=utcnow(), closes_at=utcnow() + dt.timedelta(days=1),
        results_visibility="after_close", secret=True, proposals=proposals)
    with pytest.raises(rounds.RoundError, match="non può entrare"):
        rounds.create_round(people["coordinator"], settings)


def test_only_coordinators_manage_rounds(client, login, people):
    round_ = make_round(opens_in=dt.timedelta(hours=2))
    login(people["member"])
    for url in ["/rounds/new", f"/rounds/{round_.id}/edit", f"/rounds/{round_.id}/close",
                f"/rounds/{round_.id}/delete"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/rounds/{round_.id}/delete").status_code == 403


def test_partners_neither_see_nor_vote_in_core_rounds(client, login, people):
    core = make_round(electorate="core")
    network = make_round(electorate="network", title="Per tutta la rete")
    first = core.items[0].proposal_id
    login(people["partner"])
    assert client.get(f"/rounds/{core.id}").status_code == 403
    refused = client.post(f"/rounds/{core.id}/ballot", data={f"voto-{first}": "3"})
    assert refused.status_code == 403
    listing = client.get("/rounds/").get_data(as_text=True)
    assert "Per tutta la rete" in listing and core.title not in listing
    assert client.get(f"/rounds/{network.id}").status_code == 200
    assert ballots.count_ballots(core) == 0


def test_anonymous_visitors_are_sent_to_log_in(client):
    round_ = make_round(electorate="network")
    response = client.get(f"/rounds/{round_.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_scheduled_round_changes_freely_an_open_one_only_in_texts_and_a_later_close(
        client, login, people):
    proposals = [make_proposal(people["member"]) for _ in range(4)]
    scheduled = make_round(proposals[:3], opens_in=dt.timedelta(hours=2))
    login(people["coordinator"])
    data = _form(proposals[1:4], title="Rinominata", method="approval")
    assert client.post(f"/rounds/{scheduled.id}/edit", data=data).status_code == 303
    db.session.refresh(scheduled)
    assert scheduled.method.value == "approval"
    assert {i.proposal_id for i in scheduled.items} == {p.id for p in proposals[1:4]}
    db.session.refresh(proposals[0])
    assert proposals[0].status == ProposalStatus.OPEN  # taken out: open for comments again
    update = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "update"))
    assert update.changes["method"] == ["dots", "approval"]
    assert update.changes["proposals"][1] == sorted(p.id for p in proposals[1:4])

    running = make_round([make_proposal(people["member"]) for _ in range(2)])
    old_close = running.closes_at
    later = utc_to_rome_naive(old_close + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    # The browser posts only the editable fields; anything else it sends is ignored.
    response = client.post(f"/rounds/{running.id}/edit", data={
        "title": "Nuovo titolo", "description": "", "closes_at": later, "method": "score",
        "secret": ""})
    assert response.status_code == 303, response.get_data(as_text=True)
    db.session.refresh(running)
    assert running.title == "Nuovo titolo" and running.method.value == "dots"
    assert running.secret is True and running.closes_at > old_close
    earlier = utc_to_rome_naive(old_close - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(f"/rounds/{running.id}/edit", data={
        "title": "x", "description": "", "closes_at": earlier})
    assert refused.status_code == 400 and "Chiudi ora" in refused.get_data(as_text=True)


def test_close_now_ends_the_vote_and_is_audited(client, login, people):
    round_ = make_round()
    login(people["coordinator"])
    assert "Chiudere subito" in client.get(f"/rounds/{round_.id}/close").get_data(as_text=True)
    assert client.post(f"/rounds/{round_.id}/close").status_code == 303
    db.session.refresh(round_)
    assert round_.is_closed()
    assert round_.electorate_size is not None
    with pytest.raises(ballots.NotAllowedToVote):
        ballots.cast_ballot(people["member"], round_, {})
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "close"))
    assert entry.object_id == round_.id


def test_only_a_scheduled_round_can_be_deleted_and_its_proposals_reopen(client, login, people):
    proposals = [make_proposal(people["member"]) for _ in range(2)]
    scheduled = make_round(proposals, opens_in=dt.timedelta(hours=1))
    running = make_round()
    scheduled_id, running_id = scheduled.id, running.id
    proposal_ids = [p.id for p in proposals]
    login(people["coordinator"])
    assert client.post(f"/rounds/{running_id}/delete").status_code == 303
    assert db.session.get(PriorityRound, running_id) is not None
    assert client.post(f"/rounds/{scheduled_id}/delete").status_code == 303
    db.session.expunge_all()
    assert db.session.get(PriorityRound, scheduled_id) is None
    for proposal_id in proposal_ids:
        assert db.session.get(Proposal, proposal_id).status == ProposalStatus.OPEN


def test_rounds_awaiting_my_vote_for_the_dashboard(people, count_queries):
    mine = make_round(electorate="core", title="Da votare")
    voted = make_round(electorate="core", title="Già votata")
    make_round(electorate="core", opens_in=dt.timedelta(hours=1), title="Non ancora aperta")
    make_round(electorate="core", opens_in=-dt.timedelta(days=2),
               closes_in=-dt.timedelta(days=1), title="Chiusa")
    by_org = make_round(electorate="core", ballot_unit="organization", title="Per ente")
    ballots.cast_ballot(people["member"], voted, {})
    ballots.cast_ballot(people["coordinator"], by_org, {})  # same organisation as the member
    db.session.commit()
    member = db.session.get(type(people["member"]), people["member"].id)
    with count_queries() as queries:
        awaiting = electorate.rounds_awaiting_vote(member)
    assert [r.title for r in awaiting] == ["Da votare"]
    assert len(queries) <= 3
    assert electorate.rounds_awaiting_vote(people["partner"]) == []  # core rounds only
    assert mine in electorate.rounds_awaiting_vote(people["coordinator"])


def test_electorate_counts_people_or_organisations_able_to_vote(people):
    proposals = [make_proposal(people["member"]) for _ in range(2)]
    make_user("member", password=None)  # invited, no password yet: cannot vote
    make_user("member", active=False)
    by_person = make_round(proposals, electorate="core")
    by_org = make_round(proposals, electorate="network", ballot_unit="organization")
    network = make_round(proposals, electorate="network")
    assert electorate.count_electorate(by_person) == 2  # the coordinator and the member
    assert electorate.count_electorate(network) == 3
    loner = make_user("partner")
    make_person(user=loner, organization=None)
    assert electorate.count_electorate(by_org) == 2  # two organisations have voters


def test_round_list_and_page_queries_do_not_grow_with_rounds_and_proposals(
        client, login, people, count_queries):
    def rounds_with(count, size):
        made = []
        for _ in range(count):
            proposals = [make_proposal(people["partner"], commit=False) for _ in range(size)]
            made.append(make_round(proposals, electorate="network", commit=False))
        db.session.commit()
        return made

    login(people["member"])
    measured = {}
    for label, made in (("few", rounds_with(2, 2)), ("many", rounds_with(40, 12))):
        with count_queries() as listing:
            assert client.get("/rounds/").status_code == 200
        with count_queries() as page:
            assert client.get(f"/rounds/{made[-1].id}").status_code == 200
        measured[label] = (len(listing), len(page))
    assert measured["many"] == measured["few"], measured
    assert max(max(pair) for pair in measured.values()) <= 14, measured
