"""The calendar in a real browser: month navigation swapped by htmx, the feed address copied
with one click, the .ics downloaded outside boosted navigation."""

from __future__ import annotations

import datetime as dt

from tavolo.auth.models import Role
from tavolo.types import ROME
from tests.browser.helpers import log_in
from tests.factories import make_meeting, make_member_person


def test_month_navigation_copy_and_download(app, live_server, page):
    member, _person = make_member_person(Role.MEMBER, email="m@example.org")
    today = dt.datetime.now(ROME).date()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=10)
    meeting = make_meeting(title="Riunione del mese prossimo",
                           starts_at=dt.datetime.combine(next_month, dt.time(15), tzinfo=ROME)
                           .astimezone(dt.UTC))
    log_in(page, live_server, member.email)
    page.goto(live_server + "/calendar/")
    assert page.locator('td[aria-current="date"]').count() == 1
    page.locator(".cal-month-nav a").nth(1).click()
    page.wait_for_url(f"**/calendar/?month={next_month:%Y-%m}")
    page.locator(".cal-grid .cal-title", has_text="Riunione del mese prossimo").wait_for()
    assert page.locator(".cal-month-nav a").count() == 2  # swapped once, not nested

    page.goto(live_server + "/account")
    page.get_by_role("button", name="Crea l'indirizzo del mio calendario").click()
    page.wait_for_url("**/account#calendar-feed")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copia l'indirizzo").click()
    page.get_by_text("Indirizzo copiato negli appunti.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.input_value("#calendar-feed-url") and copied.endswith(".ics")

    page.goto(f"{live_server}/meetings/{meeting.id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Aggiungi al calendario").click()
    assert download.value.suggested_filename.endswith(f"-{meeting.id}.ics")
