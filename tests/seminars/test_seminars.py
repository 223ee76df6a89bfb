"""Seminars: archive, page, editing, topics, registration, calendar and link providers."""

from __future__ import annotations

import datetime as dt
import io

import sqlalchemy as sa
from flask import url_for

from tavolo.documents import services as document_services
from tavolo.documents import storage
from tavolo.documents.models import OwnerKind
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tavolo.seminars.models import Registration, Seminar, Speaker
from tests.factories import (
    make_organization,
    make_person,
    make_project,
    make_seminar,
    make_topic,
    make_user,
)


def _rich(n: int, *, past: bool = True) -> list[Seminar]:
    """``n`` seminars, each with speakers (directory and external), topics, projects,
    organisations and a document: what the archive and the page show."""
    org = make_organization()
    people = [make_person(organization=org) for _ in range(2)]
    topics = [make_topic() for _ in range(2)]
    projects = [make_project() for _ in range(2)]
    seminars = []
    for i in range(n):
        seminar = make_seminar(title=f"Seminario sui tirocini {i}",
                               starts_in_days=-30 * (i + 1) if past else 10 + i, commit=False)
        seminar.speakers = [Speaker(position=1, person=people[i % 2], name=people[i % 2].name),
                            Speaker(position=2, name=f"Esterno {i}", affiliation="Università")]
        seminar.topics, seminar.projects, seminar.organizations = topics, projects, [org]
        seminars.append(seminar)
    db.session.commit()
    for seminar in seminars:
        with storage.receive(io.BytesIO(b"%PDF-1.4\n" + str(seminar.id).encode() * 300),
                             "slide.pdf") as received:
            document_services.add_file(OwnerKind.SEMINAR, seminar, None, received)
    db.session.commit()
    return seminars


def test_archive_lists_public_seminars_by_year_for_anyone(client):
    make_seminar(title="Giornata di studio pubblica", starts_at=dt.datetime(
        2015, 5, 21, 8, 0, tzinfo=dt.UTC))
    make_seminar(title="Seminario della rete", visibility="network")
    page = client.get("/seminars/").get_data(as_text=True)
    assert "Giornata di studio pubblica" in page and ">2015</h2>" in page
    assert "Seminario della rete" not in page


def test_archive_filters_by_text_year_and_topic(client):
    topic = make_topic("Tirocini")
    a = make_seminar(title="Tirocini e borse lavoro", starts_at=dt.datetime(
        2013, 11, 14, 9, tzinfo=dt.UTC))
    a.topics = [topic]
    make_seminar(title="Collaborazione con il CPI", starts_at=dt.datetime(
        2015, 5, 21, 9, tzinfo=dt.UTC), abstract="Servizi per l'impiego")
    db.session.commit()

    def titles(query):
        page = client.get(f"/seminars/?{query}").get_data(as_text=True)
        return [t for t in ("Tirocini e borse lavoro", "Collaborazione con il CPI") if t in page]

    assert titles("q=borse") == ["Tirocini e borse lavoro"]
    assert titles("q=impiego") == ["Collaborazione con il CPI"]
    assert titles("year=2015") == ["Collaborazione con il CPI"]
    assert titles(f"topic={topic.id}") == ["Tirocini e borse lavoro"]
    assert titles("q=%25") == []  # LIKE wildcards are text, not patterns


def test_archive_answers_htmx_with_the_results_only(client):
    make_seminar(title="Seminario unico")
    response = client.get("/seminars/?q=unico", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="seminar-results"' in body and "Seminario unico" in body
    assert "HX-Request" in response.headers["Vary"]


def test_archive_survives_odd_input(client):
    for query in ("q=" + "x" * 10000, "year=abc", "topic=-1", "page=9999", 'q="*NEAR(-'):
        assert client.get(f"/seminars/?{query}").status_code == 200, query


def test_archive_is_paginated(client):
    for i in range(23):
        make_seminar(title=f"Seminario numero {i:02d}", starts_in_days=-i - 1, commit=False)
    db.session.commit()
    first = client.get("/seminars/").get_data(as_text=True)
    second = client.get("/seminars/?page=2").get_data(as_text=True)
    assert first.count('class="seminar-card"') == 20
    assert second.count('class="seminar-card"') == 3
    assert "page=2" in first


def test_archive_query_count_does_not_grow(client, count_queries):
    _rich(3)
    client.get("/seminars/")
    with count_queries() as few:
        assert client.get("/seminars/").status_code == 200
    _rich(25)
    with count_queries() as many:
        assert client.get("/seminars/").status_code == 200
    assert len(many) == len(few), (len(few), len(many))


def test_seminar_page_query_count_does_not_grow(client, login, count_queries):
    small, = _rich(1, past=False)
    small.registration_enabled = True
    db.session.add(Registration(seminar=small, name="Sola", email="sola@example.org"))
    db.session.commit()
    login(make_user("coordinator"))
    client.get(f"/seminars/{small.id}")
    with count_queries() as few:
        client.get(f"/seminars/{small.id}")
    big, = _rich(1, past=False)
    big.speakers += [Speaker(position=10 + i, name=f"Relatore {i}") for i in range(20)]
    big.topics = [make_topic(commit=False) for _ in range(8)]
    big.projects = [make_project(commit=False) for _ in range(8)]
    big.registration_enabled = True
    db.session.add_all(Registration(seminar=big, name=f"P{i}", email=f"p{i}@example.org")
                       for i in range(15))
    db.session.commit()
    for i in range(6):
        with storage.receive(io.BytesIO(b"%PDF-1.4\n" + bytes([i]) * 300), "x.pdf") as r:
            document_services.add_file(OwnerKind.SEMINAR, big, None, r)
    db.session.commit()
    with count_queries() as many:
        page = client.get(f"/seminars/{big.id}").get_data(as_text=True)
    assert "Relatore 19" in page
    assert len(many) == len(few), (len(few), len(many))


def test_seminar_page_shows_everything(client):
    seminar, = _rich(1, past=False)
    seminar.abstract = "- **strumento e non fine;**"
    seminar.online_url = "https://example.org/diretta"
    db.session.commit()
    page = client.get(f"/seminars/{seminar.id}").get_data(as_text=True)
    assert "<strong>strumento e non fine;</strong>" in page
    assert "Università" in page and seminar.topics[0].name in page
    assert seminar.projects[0].title in page and seminar.organizations[0].name in page
    assert "slide" in page and "https://example.org/diretta" in page


def test_hidden_seminar_answers_404(client, login):
    seminar = make_seminar(visibility="core")
    assert client.get(f"/seminars/{seminar.id}").status_code == 404
    assert client.get(f"/seminars/{seminar.id}.ics").status_code == 404
    login(make_user("partner"))
    assert client.get(f"/seminars/{seminar.id}").status_code == 404


def test_coordinator_creates_a_seminar_with_speakers_topics_and_links(client, login):
    login(make_user("coordinator"))
    person = make_person(name="Anna Relatrice", organization=make_organization(name="CPI"))
    topic, project, org = make_topic("Orientamento"), make_project(), make_organization()
    response = client.post("/seminars/new", data={
        "title": "Orientamento al lavoro", "day": "2027-03-04", "start": "09:30",
        "end": "12:30", "place": "Sala consiglio", "abstract": "Programma",
        "speaker_ids": [person.id], "external_speakers": "Marco Bianchi – Università di Torino",
        "topic_ids": [topic.id], "project_ids": [project.id], "organization_ids": [org.id],
        "visibility": "public", "registration_enabled": "y", "places": "30"})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    seminar = db.session.scalar(sa.select(Seminar))
    assert seminar.starts_at == dt.datetime(2027, 3, 4, 8, 30, tzinfo=dt.UTC)  # 09:30 in Rome
    assert [(s.display_name, s.display_affiliation) for s in seminar.speakers] == [
        ("Anna Relatrice", "CPI"), ("Marco Bianchi", "Università di Torino")]
    assert (seminar.topics, seminar.projects, seminar.organizations) == ([topic], [project],
                                                                          [org])
    assert seminar.places == 30 and seminar.registration_enabled


def test_invalid_seminar_form_gets_italian_messages_and_nothing_saved(client, login):
    login(make_user("coordinator"))
    response = client.post("/seminars/new", data={
        "title": "Orari sbagliati", "day": "2027-03-04", "start": "12:00", "end": "10:00",
        "visibility": "public", "online_url": "ftp://x"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "La fine deve venire dopo l" in body or "https://" in body
    assert db.session.scalar(sa.select(sa.func.count(Seminar.id))) == 0


def test_partner_cannot_create_or_edit(client, login):
    seminar = make_seminar()
    login(make_user("partner"))
    assert client.get("/seminars/new").status_code == 403
    assert client.post(f"/seminars/{seminar.id}/edit", data={"title": "X"}).status_code == 403


def test_moving_a_seminar_bumps_its_calendar_sequence(client, login):
    seminar = make_seminar(starts_at=dt.datetime(2027, 3, 4, 8, 30, tzinfo=dt.UTC))
    login(make_user("coordinator"))
    data = {"title": seminar.title, "day": "2027-03-05", "start": "09:30", "end": "12:30",
            "visibility": "public", "place": seminar.place}
    assert client.post(f"/seminars/{seminar.id}/edit", data=data).status_code == 303
    assert db.session.get(Seminar, seminar.id).sequence == 1


def test_deleting_a_seminar_removes_its_materials(client, login):
    seminar, = _rich(1)
    login(make_user("coordinator"))
    assert client.post(f"/seminars/{seminar.id}/delete").status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Seminar.id))) == 0
    from tests.documents.helpers import document_rows, stored_files
    assert document_rows() == 0 and stored_files() == []


# -- topics ------------------------------------------------------------------------------------

def test_coordinator_edits_the_topic_list(client, login):
    login(make_user("coordinator"))
    assert client.post("/seminars/topics", data={"name": "Inclusione"}).status_code == 303
    duplicate = client.post("/seminars/topics", data={"name": "inclusione"})
    assert duplicate.status_code == 400 and "c&#39;è già" in duplicate.get_data(as_text=True)
    topic = make_topic("Usato")
    seminar = make_seminar()
    seminar.topics = [topic]
    db.session.commit()
    client.post(f"/seminars/topics/{topic.id}/delete")
    assert db.session.get(type(topic), topic.id) is not None  # still used: refused
    client.post(f"/seminars/topics/{topic.id}", data={"name": "Rinominato"})
    assert db.session.get(type(topic), topic.id).name == "Rinominato"


# -- registration -------------------------------------------------------------------------------

def _open(places=None, **kw):
    return make_seminar(registration_enabled=True, places=places, **kw)


def test_member_registers_and_gets_a_confirmation_mail(client, login):
    seminar = _open(places=10)
    user = make_user("member", name="Maria Iscritta")
    login(user)
    assert client.post(f"/seminars/{seminar.id}/register").status_code == 303
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.to_addr == user.email and seminar.title in message.subject
    assert f"/seminars/{seminar.id}" in message.body_text
    assert db.session.get(Seminar, seminar.id).registered == 1
    page = client.get(f"/seminars/{seminar.id}").get_data(as_text=True)
    assert "Sei iscritta/o" in page and "Posti liberi: 9 su 10" in page
    again = client.post(f"/seminars/{seminar.id}/register")
    assert again.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 1


def test_visitor_registers_with_name_and_email(client):
    seminar = _open()
    response = client.post(f"/seminars/{seminar.id}/register",
                           data={"name": "Luca Esterno", "email": "Luca@Example.org"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(Registration.email)) == "luca@example.org"
    bad = client.post(f"/seminars/{seminar.id}/register", data={"name": "", "email": "x"})
    assert bad.status_code == 400


def test_no_registration_beyond_the_places(client):
    seminar = _open(places=1)
    client.post(f"/seminars/{seminar.id}/register", data={"name": "A", "email": "a@example.org"})
    full = client.post(f"/seminars/{seminar.id}/register",
                       data={"name": "B", "email": "b@example.org"})
    assert full.status_code == 400 and "Non ci sono più posti" in full.get_data(as_text=True)
    assert db.session.get(Seminar, seminar.id).registered == 1
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 1


def test_registration_closed_when_disabled_or_started(client):
    closed = make_seminar()
    past = _open(starts_in_days=-1)
    for seminar in (closed, past):
        response = client.post(f"/seminars/{seminar.id}/register",
                               data={"name": "A", "email": "a@example.org"})
        assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(Registration.id))) == 0


def test_member_cancels_the_registration(client, login):
    seminar = _open(places=5)
    login(make_user("member"))
    client.post(f"/seminars/{seminar.id}/register")
    assert client.post(f"/seminars/{seminar.id}/unregister").status_code == 303
    assert db.session.get(Seminar, seminar.id).registered == 0


# -- calendar and other pages ------------------------------------------------------------------

def test_upcoming_public_seminar_is_in_the_calendars(client, login):
    seminar = make_seminar(title="Seminario nel calendario", starts_in_days=5)
    hidden = make_seminar(title="Seminario riservato", visibility="core", starts_in_days=6)
    feed = client.get("/calendar/public.ics").get_data(as_text=True)
    assert "Seminario nel calendario" in feed and "Seminario riservato" not in feed
    assert f"{seminar.uid}@tavolo.seminars" in feed
    agenda = client.get("/calendar/agenda").get_data(as_text=True)
    assert "Seminario nel calendario" in agenda and "Seminario" in agenda
    month = seminar.local_start.strftime("%Y-%m")
    assert "Seminario nel calendario" in client.get(f"/calendar/?month={month}").get_data(
        as_text=True)
    assert "Seminario nel calendario" in client.get("/calendar/agenda?kind=seminar").get_data(
        as_text=True)
    ics = client.get(f"/seminars/{seminar.id}.ics")
    assert ics.mimetype == "text/calendar" and "attachment" in ics.headers["Content-Disposition"]
    assert "BEGIN:VEVENT" in ics.get_data(as_text=True)
    login(make_user("member"))
    assert "Seminario riservato" in client.get("/calendar/agenda").get_data(as_text=True)
    assert client.get(f"/seminars/{hidden.id}.ics").status_code == 200


def test_project_and_organisation_pages_list_their_seminars(app, client, login):
    project, org = make_project(), make_organization()
    seminar = make_seminar(title="Seminario collegato")
    seminar.projects, seminar.organizations = [project], [org]
    hidden = make_seminar(title="Seminario riservato", visibility="core")
    hidden.projects = [project]
    db.session.commit()
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Seminario collegato" in page and "Seminario riservato" not in page
    login(make_user("member"))
    with app.test_request_context():
        path = url_for("directory.detail", org_id=org.id)
    assert "Seminario collegato" in client.get(path).get_data(as_text=True)


def test_menu_has_the_seminars(client):
    assert 'href="/seminars/"' in client.get("/").get_data(as_text=True)
