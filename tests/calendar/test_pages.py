"""The month grid and the agenda list: what each reader sees, htmx fragments, accessibility
markers, and a bounded number of SQL queries."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from tavolo.types import ROME
from tests.factories import make_meeting


def _at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ROME).astimezone(dt.UTC)


def _month(client, month: str, **params):
    response = client.get("/calendar/", query_string={"month": month, **params})
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_calendar_is_in_the_menu_for_everyone(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/calendar/"' in page and "Calendario" in page


def test_the_month_grid_is_an_accessible_table(client, login, people):
    make_meeting(kind="core", title="Ristretto di marzo",
                 starts_at=_at(dt.date(2031, 3, 4)), hours=2)
    make_meeting(kind="enlarged", visibility="network", title="Allargata di marzo",
                 starts_at=_at(dt.date(2031, 3, 18), 10), hours=2, status="cancelled")
    login(people.member)
    soup = _month(client, "2031-03")
    table = soup.select_one("table.cal-grid")
    assert table.caption is not None and "marzo 2031" in table.caption.text
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headers == ["lun", "mar", "mer", "gio", "ven", "sab", "dom"]
    cell = table.find("time", attrs={"datetime": "2031-03-04"}).find_parent("td")
    entry = cell.select_one("a.cal-entry")
    assert "Ristretto di marzo" in entry.text and "15:00" in entry.text
    assert "Gruppo ristretto" in entry.text  # the kind is said in words, not by colour alone
    assert entry.select_one("svg use")["href"].endswith("#it-locked")
    cancelled = table.find("time", attrs={"datetime": "2031-03-18"}).find_parent("td")
    assert "Annullata" in cancelled.text and "Rete allargata" in cancelled.text
    assert cancelled.select_one("svg use")["href"].endswith("#it-share")


def test_today_is_highlighted_and_named(client):
    today = dt.datetime.now(ROME).date()
    soup = _month(client, today.strftime("%Y-%m"))
    cell = soup.select_one('td[aria-current="date"]')
    assert cell.find("time")["datetime"] == today.isoformat()
    assert "oggi" in cell.text


def test_previous_and_next_work_as_links_and_with_htmx(client):
    soup = _month(client, "2031-01")
    links = soup.select(".cal-month-nav a")
    assert [a["href"] for a in links] == ["/calendar/?month=2030-12", "/calendar/?month=2031-02"]
    assert all(a["hx-get"] == a["href"] and a["hx-target"] == "#calendar-month" for a in links)
    response = client.get("/calendar/?month=2030-12", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="calendar-month">') and "<html" not in body
    assert "dicembre 2030" in body.lower() and "HX-Request" in response.headers["Vary"]
    boosted = client.get("/calendar/?month=2030-12",
                         headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)


@pytest.mark.parametrize("month", ["garbage", "2031-13", "99999-01", "-1-1", ""])
def test_a_bad_month_shows_the_current_one(client, month):
    soup = _month(client, month)
    today = dt.datetime.now(ROME).date()
    assert soup.select_one("td.cal-today") is not None or today.day == 0


def test_each_reader_sees_only_what_they_may(client, login, people):
    day = dt.date(2031, 5, 6)
    make_meeting(kind="core", title="Ristretta", starts_at=_at(day))
    make_meeting(kind="core", title="Bozza ristretta", starts_at=_at(day, 10), status="draft")
    make_meeting(kind="enlarged", visibility="network", title="Di rete", starts_at=_at(day, 11))
    make_meeting(kind="enlarged", visibility="public", title="Pubblica", starts_at=_at(day, 9))

    def titles():
        soup = _month(client, "2031-05")
        return {a.select_one(".cal-title").text for a in soup.select("a.cal-entry")}

    assert titles() == {"Pubblica"}
    login(people.partner)
    assert titles() == {"Pubblica", "Di rete"}
    client.post("/logout")
    login(people.member)
    assert titles() == {"Pubblica", "Di rete", "Ristretta", "Bozza ristretta"}


def test_the_kind_filter_keeps_one_kind(client, login, people):
    day = dt.date(2031, 5, 6)
    make_meeting(kind="core", title="Ristretta", starts_at=_at(day))
    make_meeting(kind="enlarged", visibility="network", title="Di rete", starts_at=_at(day, 11))
    login(people.member)
    soup = _month(client, "2031-05", kind="enlarged")
    assert {a.select_one(".cal-title").text for a in soup.select("a.cal-entry")} == {"Di rete"}
    assert "kind=enlarged" in soup.select_one(".cal-month-nav a")["href"]


def test_the_agenda_lists_upcoming_items_by_day(client, login, people):
    make_meeting(title="Passata", starts_in_days=-3, status="held")
    make_meeting(title="Domani", starts_in_days=1)
    make_meeting(title="Tra una settimana", starts_in_days=7, status="cancelled")
    login(people.member)
    page = client.get("/calendar/agenda").get_data(as_text=True)
    assert "Passata" not in page and page.index("Domani") < page.index("Tra una settimana")
    soup = BeautifulSoup(page, "html.parser")
    assert [h.name for h in soup.select("#agenda-list h2, #agenda-list h3")][:2] == ["h2", "h3"]
    assert "Annullata" in soup.select(".cal-agenda-item")[1].text


def test_the_agenda_shows_more_page_by_page(client, login, people):
    for n in range(25):
        make_meeting(title=f"Riunione {n:02d}", starts_in_days=1 + n)
    login(people.member)
    first = client.get("/calendar/agenda").get_data(as_text=True)
    assert "Riunione 19" in first and "Riunione 20" not in first
    assert 'href="/calendar/agenda?page=2"' in first
    fragment = client.get("/calendar/agenda?page=2", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="agenda-list">') and "Riunione 24" in body
    assert "page=3" not in body


def test_the_pages_run_a_bounded_number_of_queries(app, client, login, people, count_queries):
    """Month grid, agenda and feed on a large data set (bulk-inserted meetings)."""
    from tests.calendar.test_query_counts import bulk_meetings

    bulk_meetings(2000, around=dt.date(2031, 6, 15))
    login(people.member)
    for path in ("/calendar/?month=2031-06", "/calendar/agenda"):
        with count_queries() as queries:
            assert client.get(path).status_code == 200
        assert len(queries) <= 6, (path, queries)
