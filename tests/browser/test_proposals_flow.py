"""Discussing and voting in a real browser: htmx swaps, no page reloads, no console errors."""

from __future__ import annotations

from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.rounds.services import ballots
from tests.browser.helpers import log_in
from tests.factories import (
    make_organization,
    make_person,
    make_proposal,
    make_round,
    make_user,
)


def test_commenting_and_replying_swap_the_thread_without_reloading(app, live_server, page):
    author = make_user(Role.PARTNER, name="Paola Partner")
    reader = make_user(Role.MEMBER, email="mario@example.org", name="Mario Membro")
    proposal = make_proposal(author, title="Sportello nei Centri di Ascolto")
    log_in(page, live_server, reader.email)
    page.goto(f"{live_server}/proposals/{proposal.id}")
    page.evaluate("window.stillTheSamePage = true")

    page.fill("#nuovo-commento", "Idea **ottima**")
    page.get_by_role("button", name="Pubblica il commento").click()
    expect(page.locator("#commenti .comment-body strong", has_text="ottima")).to_be_visible()
    expect(page.locator("#nuovo-commento")).to_have_value("")

    page.locator("#commenti .comment-actions a", has_text="Rispondi").first.click()
    reply = page.locator("textarea[id^=risposta-testo-]")
    expect(reply).to_be_visible()
    reply.fill("Rispondo a me stesso")
    page.get_by_role("button", name="Pubblica la risposta").click()
    expect(page.locator("#commenti .comment-replies", has_text="Rispondo a me stesso")) \
        .to_be_visible()
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url.endswith(f"/proposals/{proposal.id}")


def test_voting_with_points_shows_the_budget_and_the_receipt_in_place(app, live_server, page):
    org = make_organization(name="Ente")
    voter = make_user(Role.MEMBER, email="voto@example.org", name="Vera Votante")
    make_person(user=voter, organization=org)
    proposals = [make_proposal(voter, title=f"Proposta {n}") for n in range(3)]
    round_ = make_round(proposals, method="dots", dots_budget=6, dots_max_per_proposal=4)
    log_in(page, live_server, voter.email)
    page.goto(f"{live_server}/rounds/{round_.id}")
    page.evaluate("window.stillTheSamePage = true")

    page.fill(f"#voto-{proposals[0].id}", "4")
    page.fill(f"#voto-{proposals[1].id}", "3")
    expect(page.locator("[data-dots-spent]")).to_have_text("7")
    expect(page.get_by_text("troppi: togline qualcuno")).to_be_visible()
    page.get_by_role("button", name="Registra la scheda").click()
    expect(page.locator("#ballot-errors")).to_contain_text("Hai assegnato 7 punti")

    page.fill(f"#voto-{proposals[1].id}", "2")
    page.get_by_role("button", name="Registra la scheda").click()
    expect(page.get_by_text("Scheda registrata.")).to_be_visible()
    db.session.expire_all()
    receipt = ballots.my_ballot(round_, voter).receipt
    expect(page.locator("#scheda .receipt").first).to_have_text(receipt)
    expect(page.locator("#affluenza")).to_contain_text("1")
    assert page.evaluate("window.stillTheSamePage") is True
