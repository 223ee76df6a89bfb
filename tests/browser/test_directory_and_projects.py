"""The directory and the projects in a real browser: live search, charts, no JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tavolo.auth.models import Role
from tests.factories import PASSWORD, make_deliberation, make_organization, make_project, make_user


def test_live_search_updates_the_list_as_one_types(app, live_server, page):
    make_user(Role.PARTNER, email="paola@example.org")
    make_organization(name="Cooperativa Sole")
    make_organization(name="Associazione Luna")
    page.goto(live_server + "/login?next=/directory/")
    page.fill("#email", "paola@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(live_server + "/directory/")
    expect(page.locator(".result-count")).to_have_text("2 enti trovati")
    page.fill("#q", "sole")
    expect(page.locator(".result-count")).to_have_text("1 ente trovato")
    expect(page.get_by_role("link", name="Associazione Luna")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/directory/\?q=sole"))
    # The live region announces the new count to screen readers.
    expect(page.locator("#results-status")).to_have_text("1 ente trovato")


def test_funding_chart_and_project_page_for_anonymous_visitors(app, live_server, page):
    project = make_project(title="Iniziative per il lavoro")
    make_deliberation(project, year=2004, period="2004/2005", contribution_cents=800_000,
                      total_spend_cents=5_080_000)
    page.goto(live_server + "/projects/funding")
    chart = page.get_by_role("img", name="Contributi e spesa complessiva per periodo")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    expect(page.get_by_role("cell", name="€ 50.800,00").first).to_be_visible()
    page.get_by_role("link", name="Iniziative per il lavoro").click()
    expect(page.get_by_role("heading", name="Finanziamenti per anno")).to_be_visible()


def test_filters_work_without_javascript(app, live_server, browser):
    make_project(title="Col-labora in 2", start_year=2014, end_year=2015)
    make_project(title="Aladino", start_year=2006, end_year=2010)
    context = browser.new_context(java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    page.goto(live_server + "/projects/")
    page.select_option("#year", "2014")
    page.get_by_role("button", name="Filtra").click()
    expect(page.get_by_text("1 progetto trovato").first).to_be_visible()
    expect(page.get_by_role("link", name="Aladino")).to_have_count(0)
    context.close()
