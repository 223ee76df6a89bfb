"""Search in a real browser: the header box, results that follow the typing (htmx), and the
same page without JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.factories import make_project


def test_header_box_then_live_results_as_one_types(app, live_server, page):
    make_project(title="Sport Obiettivo Lavoro – brevetto di bagnino",
                 description="Corsi di nuoto di salvamento per giovani.")
    make_project(title="Tirocini per persone con disabilità")
    page.goto(live_server + "/")
    page.fill("#header-search-q", "brevetto")
    page.locator("#header-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=brevetto"))
    hits = page.locator(".search-hit a")
    expect(hits.filter(has_text="brevetto di bagnino")).to_be_visible()

    page.fill("#search-q", "disabil")
    expect(hits.filter(has_text="Tirocini per persone con disabilità")).to_be_visible()
    expect(hits.filter(has_text="bagnino")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/search/\?q=disabil"))
    expect(page.locator("#search-status")).to_have_text("1 risultato")
    expect(page.locator("mark").first).to_have_text("disabilità")


def test_search_works_without_javascript(app, live_server, browser):
    make_project(title="Tirocini per persone con disabilità")
    context = browser.new_context(java_script_enabled=False, locale="it-IT")
    page = context.new_page()
    page.goto(live_server + "/search/")
    page.fill("#search-q", "tirocinio")
    page.locator("main").get_by_role("button", name="Cerca").click()
    hits = page.locator(".search-hit a")
    expect(hits.filter(has_text="Tirocini per persone con disabilità")).to_be_visible()
    context.close()
