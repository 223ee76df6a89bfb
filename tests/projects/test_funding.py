"""The funding overview and charts: exact figures per period, per organisation, per group."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tavolo.auth.models import Role
from tavolo.projects import charts, funding
from tests.factories import make_deliberation, make_organization, make_project, make_user


def _period_table(html: str) -> dict[str, tuple[str, str]]:
    """{period: (contribution, total spend)} from the table beside the chart."""
    soup = BeautifulSoup(html, "html.parser")
    table = soup.find("caption", string=re.compile("per periodo")).find_parent("table")
    rows = {}
    for tr in table.find("tbody").find_all("tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        rows[cells[0]] = (cells[-2], cells[-1].rstrip("*").strip())
    return rows


def test_the_demo_figures_match_the_seed_exactly(client, runner):
    runner.invoke(args=["demo"])
    html = client.get("/projects/funding").get_data(as_text=True)  # anonymous: public view
    rows = _period_table(html)
    assert rows["2004/2005"] == ("€ 8.000,00", "€ 50.800,00")
    assert rows["2005/2006"] == ("€ 17.500,00", "€ 76.550,00")
    assert rows["2003/2004"] == ("€ 6.000,00", "€ 35.280,00")
    assert rows["2007/2008"] == ("€ 9.400,00", "–")
    assert rows["2012/2013"] == ("€ 10.000,00", "€ 27.225,00")
    assert rows["2015"] == ("€ 30.989,00", "–")
    assert list(rows)[:3] == ["2003/2004", "2004/2005", "2005/2006"]
    assert "€ 146.989,00" in html  # every contribution 2003–2015
    svg = BeautifulSoup(html, "html.parser").find("svg", attrs={"role": "img"})
    assert svg.find("title").get_text() and "tabella" in svg.find("desc").get_text()
    assert "2004/2005 – Contributo: € 8.000,00" in html


def test_funding_counts_only_what_the_reader_may_see(client, login):
    public = make_project(title="Pubblico")
    hidden = make_project(title="Riservato", visibility="core")
    make_deliberation(public, year=2020, period="2020", contribution_cents=100_000)
    make_deliberation(hidden, year=2020, period="2020", contribution_cents=900_000)
    assert _period_table(client.get("/projects/funding").get_data(as_text=True))["2020"][0] \
        == "€ 1.000,00"
    login(make_user(Role.MEMBER))
    assert _period_table(client.get("/projects/funding").get_data(as_text=True))["2020"][0] \
        == "€ 10.000,00"


def test_per_organisation_uses_the_beneficiary_or_else_the_lead(app):
    lead = make_organization(name="Ufficio Lavoro")
    association = make_organization(name="Associazione")
    project = make_project(lead_organization=lead)
    project.target_groups = ["women", "migrants"]
    make_deliberation(project, year=2011, period="2011/2012", contribution_cents=320_000,
                      beneficiary=association)
    make_deliberation(project, year=2012, period="2012/2013", contribution_cents=None,
                      total_spend_cents=2_722_500)
    data = funding.overview(None)
    by_org = {row.label: row for row in data.organizations}
    assert by_org["Associazione"].contribution_cents == 320_000
    assert by_org["Ufficio Lavoro"].contribution_cents is None  # not stated, not zero
    assert by_org["Ufficio Lavoro"].total_spend_cents == 2_722_500
    groups = {row.key.value: row for row in data.target_groups}
    assert groups["women"].contribution_cents == groups["migrants"].contribution_cents == 320_000
    assert data.total.contribution_cents == 320_000
    assert [row.label for row in data.periods] == ["2011/2012", "2012/2013"]
    only_2012 = funding.overview(None, first=2012)
    assert [row.label for row in only_2012.periods] == ["2012/2013"]


def test_year_range_filter_on_the_page(client):
    project = make_project()
    make_deliberation(project, year=2005, period="2005/2006", contribution_cents=1)
    make_deliberation(project, year=2013, period="2013", contribution_cents=2)
    rows = _period_table(client.get("/projects/funding?from=2010&to=2014").get_data(
        as_text=True))
    assert list(rows) == ["2013"]


def test_chart_scale_and_bars_follow_the_figures(app):
    assert charts.nice_step(7_655_000) == 2_000_000
    assert charts.nice_step(0) == 1
    assert charts.label_lines("2004/2005") == ["2004/", "2005"]
    assert charts.label_lines("2013") == ["2013"]
    rows = [funding.FundingRow(1, "2004/2005", 1, 800_000, 5_080_000),
            funding.FundingRow(2, "2013", 1, 400_000, None)]
    with app.test_request_context():
        chart = charts.funding_chart(rows, "Contributo", "Spesa")
    assert [len(g.bars) for g in chart.groups] == [2, 1]  # no bar where no amount is stated
    contribution, spend = chart.groups[0].bars
    assert spend.height > contribution.height * 6 > 0
    assert chart.ticks[0][1] == "€ 0" and chart.ticks[-1][1] == "€ 60.000"
    assert all(chart.top <= bar.y <= chart.baseline for g in chart.groups for bar in g.bars)


def test_an_empty_history_says_so_instead_of_drawing(client):
    page = client.get("/projects/funding").get_data(as_text=True)
    assert "Nessuna delibera di finanziamento" in page and "<svg" not in page.split("<main")[1]


def test_the_projects_table_shows_the_most_funded_and_says_how_many_in_all(client):
    for n in range(funding.TOP_PROJECTS + 2):
        make_deliberation(make_project(title=f"Progetto {n:02d}"), contribution_cents=100 + n)
    html = client.get("/projects/funding").get_data(as_text=True)
    assert f"I {funding.TOP_PROJECTS} progetti con più contributi, su 27 finanziati" in html
    assert "Progetto 26" in html and "Progetto 00" not in html  # the smallest is left out


def test_organisation_rows_link_to_their_pages_for_signed_in_readers(client, login):
    """The organisation table builds its links from one address: each still leads to its
    organisation's page (and anonymous readers get names without links, as before)."""
    from flask import url_for

    organizations = [make_organization(name=f"Ente {i}") for i in (1, 2, 13)]
    for organization in organizations:
        make_deliberation(make_project(lead_organization=organization), year=2020,
                          period="2020", contribution_cents=100_000)
    anonymous = BeautifulSoup(client.get("/projects/funding").get_data(as_text=True),
                              "html.parser")
    assert not anonymous.find("a", string=re.compile("^Ente "))
    login(make_user(Role.MEMBER))
    soup = BeautifulSoup(client.get("/projects/funding").get_data(as_text=True), "html.parser")
    with client.application.test_request_context():
        expected = {o.name: url_for("directory.detail", org_id=o.id) for o in organizations}
    links = {a.get_text(): a["href"] for a in soup.find_all("a", string=re.compile("^Ente "))}
    assert links == expected
    for name, href in links.items():
        assert name in client.get(href).get_data(as_text=True)
