"""The report grows with the data without more queries; who sees which figures; editing the
narrative; a report of 1,000 projects still renders as a PDF."""

from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa
from pypdf import PdfReader

from tavolo.extensions import db
from tavolo.meetings.models import ActionItem, ActionStatus, Decision
from tavolo.projects.models import Project, ProjectOutcome
from tavolo.reports.models import MandateReport
from tavolo.types import ROME, utcnow
from tests.factories import (
    make_deliberation,
    make_invitee,
    make_meeting,
    make_organization,
    make_person,
    make_project,
    make_seminar,
    make_user,
)


def _years() -> tuple[int, int]:
    """A two-year period that holds every meeting made some days ago, at any hour."""
    this_year = dt.datetime.now(ROME).year
    return this_year - 1, this_year


def _grow(n: int) -> None:
    start, end = _years()
    for i in range(n):
        organization = make_organization(commit=False, active_since=start)
        person = make_person(organization=organization, commit=False)
        project = make_project(start_year=start, commit=False, target_groups=["women"])
        project.outcomes.append(ProjectOutcome(label=f"Tirocini {i}", count=3, months=4))
        make_deliberation(project, year=end, contribution_cents=100_000,
                          total_spend_cents=None, commit=False)
        meeting = make_meeting(kind="enlarged", status="held", visibility="public",
                               starts_in_days=-3 - i, commit=False)
        make_invitee(meeting, person, commit=False, attended=True)
        db.session.add(Decision(meeting=meeting, text=f"Decisione {i}"))
        db.session.add(ActionItem(meeting=meeting, what=f"Azione {i}", owner=person,
                                  status=ActionStatus.DONE, closed_at=utcnow()))
        make_seminar(starts_in_days=-3 - i, commit=False)
    db.session.commit()


def test_the_report_page_runs_the_same_queries_however_much_data(client, login, count_queries):
    start, end = _years()
    login(make_user("partner"))
    _grow(2)
    with count_queries() as small:
        assert client.get(f"/reports/?start={start}&end={end}").status_code == 200
    _grow(6)
    with count_queries() as large:
        response = client.get(f"/reports/?start={start}&end={end}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "€ 8.000,00" in page  # eight contributions of 1.000,00, no total spend given
    assert "Decisione 7" not in page and "8 progetti attivi nel periodo" in page
    assert len(large) == len(small)


def test_anonymous_readers_get_public_figures_logged_in_readers_network_ones(client, login):
    start = end = 2021
    for visibility, cents in (("public", 100_000), ("network", 20_000), ("core", 3_000)):
        project = make_project(start_year=start, visibility=visibility,
                               title=f"Progetto {visibility}")
        make_deliberation(project, year=start, contribution_cents=cents)
    make_organization(name="Ente riservato ai soci", active_since=start)
    anonymous = client.get(f"/reports/?start={start}&end={end}").get_data(as_text=True)
    assert "€ 1.000,00" in anonymous and "Progetto network" not in anonymous
    assert "Ente riservato ai soci" not in anonymous and "solo con dati pubblici" in anonymous
    login(make_user("coordinator"))
    logged_in = client.get(f"/reports/?start={start}&end={end}").get_data(as_text=True)
    assert "€ 1.200,00" in logged_in and "Progetto network" in logged_in
    assert "Progetto core" not in logged_in and "Ente riservato ai soci" in logged_in
    csv = client.get(f"/reports/report.csv?start={start}&end={end}").data.decode("utf-8-sig")
    assert "Spesa conteggiata nel periodo;2021;1.200,00;euro" in csv


def _mandate() -> MandateReport:
    report = MandateReport(title="Bilancio di prova", start_year=2020, end_year=2022,
                           declared_spend_cents=1_000_000, narrative="Prima versione.")
    make_project(start_year=2020)
    db.session.add(report)
    db.session.commit()
    return report


def test_the_coordinator_edits_the_narrative_in_markdown(client, login):
    report = _mandate()
    login(make_user("coordinator"))
    response = client.post(f"/reports/mandates/{report.id}/edit", data={
        "narrative": "Un **anno** intenso.", "declared_spend": "12.500,00", "seminars_held": "3"})
    assert response.status_code == 303
    page = client.get("/reports/?start=2020&end=2022").get_data(as_text=True)
    assert "Un <strong>anno</strong> intenso." in page
    assert "circa € 12.500,00" in page
    assert "Seminari dichiarati nel bilancio pubblicato: 3." in page


def test_a_bad_amount_is_refused_and_nothing_changes(client, login):
    report = _mandate()
    login(make_user("coordinator"))
    response = client.post(f"/reports/mandates/{report.id}/edit", data={
        "narrative": "Cambiato.", "declared_spend": "dodici", "seminars_held": ""})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(MandateReport, report.id).narrative == "Prima versione."


def test_only_coordinators_edit_a_mandate_report(client, login):
    report = _mandate()
    login(make_user("member"))
    assert client.get(f"/reports/mandates/{report.id}/edit").status_code == 403
    assert client.post(f"/reports/mandates/{report.id}/edit",
                       data={"narrative": "No."}).status_code == 403
    db.session.expire_all()
    assert db.session.get(MandateReport, report.id).narrative == "Prima versione."


def test_the_pdf_of_a_report_with_a_thousand_projects_renders(client):
    db.session.execute(sa.insert(Project), [
        {"code": f"BULK-{i}", "title": f"Progetto in blocco {i}", "start_year": 2020,
         "end_year": 2021, "visibility": "public", "status": "running", "summary": "",
         "description": "", "is_example": False, "version": 1,
         "created_at": utcnow(), "updated_at": utcnow()} for i in range(1000)])
    db.session.commit()
    response = client.get("/reports/report.pdf?start=2020&end=2021")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) > 10
    first = " ".join((reader.pages[0].extract_text() or "").split())
    last = " ".join((reader.pages[-1].extract_text() or "").split())
    assert "1000 progetti attivi" in " ".join(
        " ".join((p.extract_text() or "").split()) for p in reader.pages[:3])
    assert "Bilancio 2020–2021" in first
    assert f"Pagina {len(reader.pages)} di {len(reader.pages)}" in last
