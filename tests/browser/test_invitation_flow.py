"""The whole foundation flow in a real browser: invite, read the mail, activate, log in."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tests.browser.helpers import log_in
from tests.factories import PASSWORD, make_user


def test_coordinator_invites_a_partner_who_activates_the_account(app, live_server, page):
    app.config["PUBLIC_URL"] = live_server
    make_user(Role.COORDINATOR, email="coord@example.org", name="Carla Coordinatrice")

    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "it"
    page.fill("#email", "coord@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(live_server + "/")
    expect(page.get_by_text("Ciao, Carla Coordinatrice")).to_be_visible()

    page.get_by_role("link", name="Amministrazione").click()
    page.wait_for_url(live_server + "/admin/users")
    page.get_by_role("link", name="Invita una persona").first.click()
    page.wait_for_url(live_server + "/admin/users/invite")
    page.fill("#email", "paola.partner@example.org")
    page.fill("#name", "Paola Partner")
    page.select_option("#role", "partner")
    page.get_by_role("button", name="Invia l'invito").click()
    page.wait_for_url(re.compile(r".*/admin/users/\d+$"))
    expect(page.get_by_text("scritto nella posta in uscita")).to_be_visible()

    page.get_by_role("link", name="Posta in uscita").click()
    page.wait_for_url(live_server + "/admin/outbox")
    page.get_by_role("link", name=re.compile("Invito a partecipare")).click()
    page.wait_for_url(re.compile(r".*/admin/outbox/\d+$"))
    body = page.locator(".mail-body").first.inner_text()
    link = re.search(r"(http://127\.0\.0\.1:\d+/invitation/\S+)", body).group(1)

    page.get_by_role("button", name="Esci").click()
    page.goto(link)
    expect(page.get_by_text("Benvenuta/o, Paola Partner")).to_be_visible()
    page.fill("#password", "la-mia-password-sicura")
    page.fill("#confirm", "la-mia-password-sicura")
    page.get_by_role("button", name="Attiva l'account").click()
    page.wait_for_url(live_server + "/")
    expect(page.get_by_text("Il tuo account è attivo")).to_be_visible()

    page.get_by_role("button", name="Esci").click()
    log_in(page, live_server, "paola.partner@example.org", "la-mia-password-sicura")
    expect(page.get_by_text("Ciao, Paola Partner")).to_be_visible()
    expect(page.get_by_role("link", name="Amministrazione")).to_have_count(0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_pages_work_without_javascript(browser, app, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    make_user(Role.MEMBER, email="membro@example.org", name="Mario Membro")
    log_in(page, live_server, "membro@example.org")
    expect(page.get_by_text("Ciao, Mario Membro")).to_be_visible()
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.close()


def test_form_errors_show_with_javascript_too(app, live_server, page):
    """A boosted form answered with 4xx must still show its errors (htmx swaps them)."""
    make_user(Role.MEMBER, email="membro@example.org")
    page.goto(live_server + "/login")
    page.fill("#email", "membro@example.org")
    page.fill("#password", "password-sbagliata")
    page.get_by_role("button", name="Accedi").click()
    expect(page.get_by_text("Indirizzo e-mail o password non corretti").first).to_be_visible()
