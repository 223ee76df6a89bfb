"""The end-of-mandate report of a period: figures from the demo (the seed), outputs, bad input."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from tavolo.reports import services


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text().split())


def test_the_2006_2010_report_matches_the_seed(demo, client):
    response = client.get("/reports/?start=2006&end=2010")
    assert response.status_code == 200
    text = _text(response)
    assert "€ 245.466,00" in text
    assert "circa € 245.000,00" in text
    assert "€ 466,00" in text  # the difference
    assert "si conta la spesa complessiva" in text
    for internships in ("11 × 6 mesi", "15 × 4 mesi", "20 × 3 mesi"):
        assert internships in text
    assert "16 donne per corso" in text
    assert "circa 245.000 euro" in text  # the narrative of the mandate


def test_the_2011_2016_report_matches_the_seed(demo, client):
    text = _text(client.get("/reports/?start=2011&end=2016"))
    assert "€ 89.414,00" in text
    assert "circa € 100.000,00" in text
    assert "-€ 10.586,00" in text or "− € 10.586,00" in text or "€ -10.586,00" in text
    assert "38 — Giovani che hanno conseguito il brevetto di Bagnino di Salvataggio" in text
    assert "2 — Corsi di formazione al nuoto di salvamento" in text
    assert "6 — Corsi di preparazione" in text
    assert "41 — Donne (in prevalenza straniere)" in text
    assert "21 × 3 mesi" in text


def test_figures_are_computed_by_the_service(demo, app):
    with app.test_request_context():
        first = services.build_report(services.Period(2006, 2010), None)
        second = services.build_report(services.Period(2011, 2016), None)
    assert first.total_counted == 24_546_600
    assert first.declared.declared_spend_cents == 24_500_000
    assert first.difference == 46_600
    assert second.total_counted == 8_941_400
    assert [(r.count, r.months) for r in first.internships][:3] == [(11, 6), (15, 4), (20, 3)]


def test_the_chooser_offers_the_mandates_and_single_years(demo, client):
    text = _text(client.get("/reports/"))
    assert "Bilancio di mandato 2006-2010" in text
    assert "Bilancio di mandato 2011-2016" in text
    assert "2013" in text


BAD_PERIODS = [
    ("start=2010&end=2006", "viene dopo l'anno di fine"),
    ("start=1800&end=1805", "I dati disponibili vanno dal 2003"),
    ("start=2006&end=2030", "I dati disponibili vanno dal 2003"),
    ("start=1900&end=2099", "Il periodo è troppo lungo"),
    ("start=2006", "Indica l'anno di inizio e l'anno di fine"),
    ("start=abc&end=2010", "Indica l'anno di inizio e l'anno di fine"),
]


def test_a_bad_period_gets_a_clear_message(demo, client):
    for query, message in BAD_PERIODS:
        for path in ("/reports/", "/reports/report.pdf", "/reports/report.md",
                     "/reports/report.csv"):
            response = client.get(f"{path}?{query}")
            assert response.status_code == 400, (path, query)
            assert response.mimetype == "text/html"
            assert message in response.get_data(as_text=True).replace("&#39;", "'"), query


def test_the_pdf_is_a_real_pdf_with_the_figures(demo, client):
    response = client.get("/reports/report.pdf?start=2006&end=2010")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "245.466,00" in text
    assert "245.000,00" in text
    assert "11 × 6 mesi" in text
    assert "Pagina 1 di" in " ".join((reader.pages[-1].extract_text() or "").split()) or \
        f"Pagina {len(reader.pages)} di {len(reader.pages)}" in text


def test_markdown_and_csv_carry_the_same_figures(demo, client):
    markdown = client.get("/reports/report.md?start=2011&end=2016")
    assert markdown.status_code == 200
    assert markdown.mimetype == "text/markdown"
    body = markdown.get_data(as_text=True)
    assert body.startswith("# Bilancio 2011–2016")
    assert "€ 89.414,00" in body
    csv = client.get("/reports/report.csv?start=2011&end=2016")
    assert csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert "Spesa conteggiata nel periodo;2011–2016;89.414,00;euro" in text
    assert "Spesa dichiarata nel bilancio pubblicato;2011–2016;100.000,00;euro" in text
