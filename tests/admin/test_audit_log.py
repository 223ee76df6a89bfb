"""The audit log page: coordinators only, filters, CSV, Italian labels and Rome times."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from tavolo.audit.models import AuditEntry
from tavolo.audit.services import record
from tavolo.extensions import db
from tavolo.types import ROME, utcnow
from tests.factories import make_meeting, make_user


def _text(response) -> str:
    return " ".join(BeautifulSoup(response.get_data(as_text=True), "html.parser").get_text().split())


@pytest.fixture
def log():
    """A coordinator and a member who changed things: a meeting created and invited to
    yesterday, a user invited ten days ago."""
    coordinator = make_user("coordinator", name="Laura Coordinatrice")
    other = make_user("coordinator", name="Carlo Secondo")
    meeting = make_meeting(kind="enlarged", title="Rete di dicembre")
    yesterday = utcnow() - dt.timedelta(days=1)
    record(coordinator, "create", "meeting", meeting.id, meeting.title, {
        "title": [None, meeting.title], "kind": [None, "enlarged"],
        "starts_at": [None, "2026-12-09T14:00:00+00:00"]}).at = yesterday
    record(coordinator, "invite", "meeting", meeting.id, meeting.title,
           {"invitees": [None, "Marco Membro, Paola Partner"]}).at = yesterday
    record(other, "invite", "user", other.id, "nuovo@example.org",
           {"role": [None, "partner"]}).at = utcnow() - dt.timedelta(days=10)
    db.session.commit()
    return coordinator, other, meeting


def test_only_coordinators_read_the_log(client, login, log):
    assert client.get("/admin/audit").status_code == 302
    for role in ("partner", "member"):
        login(make_user(role))
        assert client.get("/admin/audit").status_code == 403
        assert client.get("/admin/audit.csv").status_code == 403
        client.post("/logout")


def test_the_log_speaks_italian_in_rome_time(client, login, log):
    coordinator, _, _ = log
    login(coordinator)
    text = _text(client.get("/admin/audit"))
    assert "Creazione" in text and "Invito" in text
    assert "Tipo: – → Rete allargata" in text
    assert "Inizio: – → 9 dic 2026, 15:00" in text
    assert "Ruolo: – → Partner della rete allargata" in text
    assert "enlarged" not in text and "2026-12-09T14:00" not in text
    assert "create" not in text.split() and "invite" not in text.split()


def test_the_meeting_history_box_uses_the_same_labels(client, login, log):
    coordinator, _, meeting = log
    login(coordinator)
    text = _text(client.get(f"/meetings/{meeting.id}"))
    assert "Tipo: – → Rete allargata" in text
    assert "Inizio: – → 9 dic 2026, 15:00" in text
    assert "Invitati: – → Marco Membro, Paola Partner" in text


def test_filters_by_type_person_and_day(client, login, log):
    coordinator, other, _ = log
    login(coordinator)
    text = _text(client.get("/admin/audit?type=user"))
    assert "nuovo@example.org" in text and "Rete di dicembre" not in text
    text = _text(client.get(f"/admin/audit?actor={coordinator.id}"))
    assert "Rete di dicembre" in text and "nuovo@example.org" not in text
    two_days_ago = (dt.datetime.now(ROME) - dt.timedelta(days=2)).date()
    text = _text(client.get(f"/admin/audit?since={two_days_ago.isoformat()}"))
    assert "Rete di dicembre" in text and "nuovo@example.org" not in text
    text = _text(client.get(f"/admin/audit?until={two_days_ago.isoformat()}"))
    assert "nuovo@example.org" in text and "Rete di dicembre" not in text
    # Garbage filters are dropped, never an error.
    response = client.get("/admin/audit?since=ieri&actor=abc&type=" + "x" * 300)
    assert response.status_code == 200


def test_the_log_is_paginated(client, login, log):
    coordinator, _, meeting = log
    for n in range(60):
        record(coordinator, "update", "meeting", meeting.id, meeting.title,
               {"place": [f"Sala {n}", f"Sala {n + 1}"]})
    db.session.commit()
    login(coordinator)
    first = _text(client.get("/admin/audit"))
    assert "63 modifiche registrate" in first
    second = _text(client.get("/admin/audit?page=2"))
    assert "Sala 0 → Sala 1" in second or "Invito" in second


def test_the_csv_export_follows_the_filters(client, login, log):
    coordinator, _, _ = log
    login(coordinator)
    response = client.get("/admin/audit.csv?type=meeting")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("Quando (ora di Roma);Chi;Operazione;Tipo di oggetto")
    assert len(lines) == 3
    assert "Laura Coordinatrice;Creazione;Riunione" in text
    assert "Tipo: – → Rete allargata" in text and "Inizio: – → 9 dic 2026, 15:00" in text
    assert "nuovo@example.org" not in text


def test_entries_of_any_age_count_in_the_total(app, log):
    assert db.session.query(AuditEntry).count() == 3


def test_the_log_page_runs_the_same_queries_however_long_the_log(client, login, log,
                                                                 count_queries):
    coordinator, _, meeting = log
    login(coordinator)
    with count_queries() as short:
        assert client.get("/admin/audit").status_code == 200
    for n in range(40):
        record(coordinator, "update", "meeting", meeting.id, meeting.title,
               {"kind": ["core", "enlarged"], "starts_at": [None, utcnow().isoformat()]})
    db.session.commit()
    with count_queries() as long:
        assert client.get("/admin/audit").status_code == 200
    assert len(long) == len(short)
