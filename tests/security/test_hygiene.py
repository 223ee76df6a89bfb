"""Control characters, line separators and NUL never reach the database or the calendar and
address-book files (issue 16, points 1 for .ics/vCard, 8)."""

from __future__ import annotations

import io

import icalendar
import sqlalchemy as sa
import vobject

from tavolo.auth.models import Role
from tavolo.directory.models import Organization
from tavolo.extensions import db
from tavolo.proposals.models import Comment, Proposal
from tests.factories import (
    make_meeting,
    make_member_person,
    make_organization,
    make_person,
    make_proposal,
    make_user,
)

NASTY = "A\x00B\x07C\x1b[31mD\u202eE\u2066F\u2069G\x0bH\x0cI\x85J\u2028K\u2029L\r\nM\rN\tO\x7fP"


def test_single_line_text_loses_every_line_break_and_control_character():
    from tavolo.forms import clean_line

    assert clean_line(NASTY) == "ABC[31mDEFG H I J K L M N OP"
    assert clean_line("  Paola\r\nBcc: evil@example.net ") == "Paola Bcc: evil@example.net"


def test_multi_line_text_keeps_newlines_and_tabs_only():
    from tavolo.forms import clean_multiline

    assert clean_multiline("uno\r\ndue\rtre\u2028quattro\u2029cinque\x85sei\x0bsette\tfine\x00") \
        == "uno\ndue\ntre\nquattro\ncinque\nsei\nsette\tfine"
    assert clean_multiline("\u202edestra\u202c") == "destra"


def test_a_proposal_keeps_no_control_character_from_the_form(client, login):
    user, _person = make_member_person(Role.MEMBER)
    login(user)
    response = client.post("/proposals/new", data={
        "title": "Mense\u202e\x00 scolastiche\u2028bis", "body": "Riga uno\r\nRiga\x00 due\x1b",
        "visibility": "network", "organization_id": "0"})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    proposal = db.session.scalar(sa.select(Proposal))
    assert proposal.title == "Mense scolastiche bis"
    assert proposal.body == "Riga uno\nRiga due"


def test_a_comment_keeps_its_lines_but_no_nul(client, login):
    user, _person = make_member_person(Role.MEMBER)
    proposal = make_proposal(user)
    login(user)
    response = client.post(f"/proposals/{proposal.id}/comments",
                           data={"body": "Sono\x00 d'accordo\r\ncon\u2028tutto"})
    assert response.status_code == 303
    assert db.session.scalar(sa.select(Comment.body)) == "Sono d'accordo\ncon\ntutto"


def test_an_organisation_name_cannot_be_written_backwards(client, login):
    login(make_user(Role.COORDINATOR))
    response = client.post("/directory/organizations/new", data={
        "name": "Coop \u202eaicnerif\u202c", "kind": "association", "ring": "extended"})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    assert db.session.scalar(sa.select(Organization.name)) == "Coop aicnerif"


def test_nul_in_a_search_never_reaches_the_database_or_the_page(client, login):
    login(make_user(Role.COORDINATOR))
    for url in ("/proposals/", "/admin/users", "/directory/", "/directory/people",
                "/projects/", "/meetings/actions"):
        response = client.get(url, query_string={"q": "a\x00b", "status": "\x00"})
        assert response.status_code == 200, url
        assert "\x00" not in response.get_data(as_text=True)


def test_text_already_stored_with_separators_stays_one_calendar_property(client, login):
    user = make_user(Role.COORDINATOR)
    meeting = make_meeting(title="Tavolo\u2028DTSTART:19700101T000000Z\u0085fine\u2029",
                           place="Sala\u2028A", description="Riga\u2028due\u202e")
    login(user)
    response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for separator in ("\u2028", "\u2029", "\u0085", "\u202e"):
        assert separator not in body
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Tavolo DTSTART:19700101T000000Z fine"
    assert [k for k, _v in events[0].property_items()].count("DTSTART") == 1


def test_text_already_stored_with_separators_stays_one_vcard_property(client, login):
    login(make_user(Role.MEMBER))
    organization = make_organization(name="Ente\u2028ORG:Finto")
    person = make_person(organization=organization, name="Paola\u2028EMAIL:evil@example.net",
                         role="Resp\u0085onsabile", email="paola@example.org")
    response = client.get(f"/directory/people/{person.id}.vcf")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    for separator in ("\u2028", "\u2029", "\u0085"):
        assert separator not in text
    card = vobject.readOne(io.StringIO(text))
    assert card.fn.value == "Paola EMAIL:evil@example.net"
    assert [e.value for e in card.contents["email"]] == ["paola@example.org"]
    assert card.org.value == ["Ente ORG:Finto"]


def _upload(client, content: bytes):
    return client.post("/directory/import", data={
        "kind": "organizations", "file": (io.BytesIO(content), "rubrica.csv")},
        content_type="multipart/form-data")


def test_the_csv_import_refuses_nul_bytes_with_the_line(client, coordinator):
    response = _upload(client, b"Nome;Indirizzo\nEnte uno;Via Po\nEnte\x00 due;Via Roma\n")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "\x00" not in page
    assert "carattere nullo" in page and "riga 3" in page.lower()
    assert "/directory/import/confirm" not in page


def test_the_csv_import_refuses_an_unterminated_quote_with_the_line(client, coordinator):
    response = _upload(client, b'Nome;Indirizzo\nEnte uno;Via Po\nEnte due;"Via Roma\nEnte tre;x\n')
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "virgolette" in page and "riga 3" in page.lower()
    assert "/directory/import/confirm" not in page


def test_the_csv_import_says_when_it_read_windows_1252(client, coordinator):
    page = _upload(client, "Nome;Indirizzo\nCittà Aperta;Via Po\n".encode("cp1252")) \
        .get_data(as_text=True)
    assert "Città Aperta" in page and "Windows-1252" in page
    utf8 = _upload(client, "\ufeffNome;Indirizzo\nCittà Aperta;Via Po\n".encode()) \
        .get_data(as_text=True)
    assert "Città Aperta" in utf8 and "Windows-1252" not in utf8


def test_the_csv_import_cleans_control_characters_in_cells(client, coordinator):
    page = _upload(client, "Nome;Indirizzo\nCoop \u202eaicnerif\x07;Via\u2028Po\n".encode()) \
        .get_data(as_text=True)
    assert "\u202e" not in page and "\x07" not in page and "\u2028" not in page
    assert "Coop aicnerif" in page
