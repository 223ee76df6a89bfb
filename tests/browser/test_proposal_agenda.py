"""An adopted proposal taken to a meeting's agenda in a real browser, with and without
JavaScript, then found again from the meeting, the proposal and the organisation's page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.proposals.models import ProposalStatus
from tests.browser.helpers import log_in
from tests.factories import (
    make_meeting,
    make_organization,
    make_person,
    make_project,
    make_proposal,
    make_user,
)


def _network():
    org = make_organization(name="Associazione Botteghe", ring="core")
    coordinator = make_user(Role.COORDINATOR, email="coord@example.org", name="Carla")
    make_person(user=coordinator, organization=org, name="Carla")
    project = make_project(title="Col-labora in 2")
    proposal = make_proposal(coordinator, title="Tirocini nelle botteghe", projects=[project],
                             organization=org, status=ProposalStatus.ADOPTED)
    make_meeting(status="scheduled", starts_in_days=5, title="Riunione vicina")
    later = make_meeting(status="draft", starts_in_days=40, title="Riunione lontana")
    db.session.commit()
    return coordinator, proposal, later, org


@pytest.mark.parametrize("javascript", [True, False])
def test_taking_a_proposal_to_a_later_meeting(app, live_server, browser, page, javascript):
    coordinator, proposal, later, org = _network()
    if not javascript:
        context = browser.new_context(locale="it-IT", java_script_enabled=False)
        page = context.new_page()
    log_in(page, live_server, coordinator.email)
    page.goto(f"{live_server}/proposals/{proposal.id}")
    page.get_by_role("link", name="Porta all'ordine del giorno della prossima riunione").click()
    expect(page.get_by_role("heading", name="Porta la proposta all'ordine del giorno")) \
        .to_be_visible()
    expect(page.locator("#meeting option:checked")).to_contain_text("Riunione vicina")
    page.select_option("#meeting", str(later.id))
    page.get_by_role("button", name="Scegli questa riunione").click()
    page.wait_for_url(re.compile(rf"meeting={later.id}$"))
    expect(page.locator("form[method=post] input[name=meeting]")).to_have_value(str(later.id))
    expect(page.locator("#title")).to_have_value("Tirocini nelle botteghe")
    page.fill("#duration_minutes", "25")
    page.get_by_role("button", name="Aggiungi all'ordine del giorno").click()
    # Without JavaScript the browser follows the redirect to the new item's anchor; boosted
    # navigation (htmx) lands on the meeting page.
    page.wait_for_url(re.compile(rf"/meetings/{later.id}(#item-\d+)?$"))
    item = page.locator("#agenda .agenda-item", has_text="Tirocini nelle botteghe")
    expect(item).to_contain_text("Proposta della rete:")
    expect(item).to_contain_text("Progetto: Col-labora in 2")
    expect(item).to_contain_text("25 minuti")
    item.get_by_role("link", name="Tirocini nelle botteghe").click()
    section = page.locator("section[aria-labelledby=section-agenda]")
    expect(section).to_contain_text("Riunione lontana")
    page.goto(f"{live_server}/directory/organizations/{org.id}")
    expect(page.locator("section[aria-labelledby=linked-proposals]")) \
        .to_contain_text("Tirocini nelle botteghe")
    if not javascript:
        page.context.close()
