"""CSV export for spreadsheets with Italian settings; import with preview, all or nothing."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import Role
from tavolo.directory import csv_import
from tavolo.directory.models import InternshipHost, Organization, Person
from tavolo.extensions import db
from tests.factories import make_host, make_organization, make_person, make_user


def _upload(client, kind: str, content: str | bytes):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/directory/import", data={
        "kind": kind, "file": (io.BytesIO(data), "rubrica.csv")},
        content_type="multipart/form-data")


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_export_opens_in_excel_with_italian_settings(client, coordinator):
    make_organization(name="Cooperativa Aurora", kind="cooperative", ring="core",
                      areas=["women", "migrants"], phone="+39 011 1234", description="=SOMMA(A1)")
    make_host(name="Forno Rossi", sector="Panificazione", places=2)
    response = client.get("/directory/export/organizations.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.data
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:4] == ["Nome", "Nome breve", "Tipo", "Partecipazione"]
    aurora = next(r for r in rows if r[0] == "Cooperativa Aurora")
    assert aurora[2] == "Cooperativa" and aurora[3] == "Gruppo ristretto"
    assert set(aurora[4].split(", ")) == {"Donne", "Migranti"}
    assert aurora[6] == "'+39 011 1234" and aurora[9] == "'=SOMMA(A1)"  # never a formula
    forno = next(r for r in rows if r[0] == "Forno Rossi")
    assert forno[12:15] == ["sì", "Panificazione", "2"]


def test_people_export_includes_notes_for_the_core_group(client, login):
    make_person(organization=make_organization(name="Ente"), name="Maria", notes="riservato")
    login(make_user(Role.MEMBER))
    text = client.get("/directory/export/people.csv").data.decode("utf-8-sig")
    assert text.splitlines()[0] == "Nome;Ente;Ruolo;E-mail;Telefono;Note"
    assert "Maria;Ente;;;;riservato" in text


def test_an_exported_file_imports_again_into_an_empty_directory(client, coordinator):
    make_organization(name="Cooperativa Aurora", kind="cooperative", ring="core",
                      areas=["women"], email="a@aurora.example", active_since=2005)
    make_host(name="Forno Rossi", sector="Panificazione", places=2, accepts_disability=True)
    exported = client.get("/directory/export/organizations.csv").data
    db.session.execute(sa.delete(InternshipHost))
    db.session.execute(sa.delete(Organization))
    db.session.commit()
    preview = _upload(client, "organizations", exported)
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Il file è corretto: 2 righe da importare" in page
    assert _count(Organization) == 0  # the preview changes nothing
    form = _confirm_fields(page)
    response = client.post("/directory/import/confirm", data=form)
    assert response.status_code == 303
    aurora = db.session.scalar(sa.select(Organization).filter_by(name="Cooperativa Aurora"))
    assert aurora.kind.value == "cooperative" and aurora.ring.value == "core"
    assert [a.value for a in aurora.areas] == ["women"] and aurora.active_since == 2005
    forno = db.session.scalar(sa.select(Organization).filter_by(name="Forno Rossi"))
    assert forno.host.places == 2 and forno.host.accepts_disability
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "import")) == 2


def _confirm_fields(page: str) -> dict:
    def value(name):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or \
            re.search(rf'value="([^"]*)"[^>]*name="{name}"', page)
        return html.unescape(match.group(1))

    return {"kind": value("kind"), "content": value("content")}


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_imported(client, coordinator):
    make_organization(name="Ente Esistente")
    content = (
        "Nome;Tipo;E-mail;Partecipazione\n"
        "Ente Buono;Associazione;ok@example.org;rete allargata\n"
        ";Associazione;;\n"                                  # line 3: missing name
        "Ente Due;Associazione;non-valida;\n"                # line 4: invalid e-mail
        "Ente Buono;;;\n"                                    # line 5: duplicate in file
        "ente esistente;;;\n"                                # line 6: already present
        "Ente Tre;Astronave;;\n"                             # line 7: unknown kind
        "Ente Quattro;;;\"cerchia\nesterna\"\n"              # lines 8-9: unknown ring
        "Ente Cinque;;;\"gruppo\nristretto\"\n"              # lines 10-11: fine
    )
    response = _upload(client, "organizations", content)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    problems = {p.line: p.message for p in csv_import.check("organizations", content).problems}
    assert set(problems) == {3, 4, 5, 6, 7, 8}
    assert "manca il nome" in problems[3]
    assert "e-mail non valida" in problems[4]
    assert "già alla riga 2" in problems[5]
    assert "già presente" in problems[6]
    assert "tipo di ente sconosciuto" in problems[7]
    assert "partecipazione sconosciuto" in problems[8]
    assert "6 righe hanno un problema" in page
    assert "/directory/import/confirm" not in page  # no button to import a broken file
    assert _count(Organization) == 1


def test_people_import_needs_known_organisations(client, coordinator):
    make_organization(name="Centro per l'Impiego", short_name="CPI")
    make_person(name="Già Presente", email="gia@example.org")
    content = ("nome,ente,ruolo,e-mail\n"
               "Elena Fassino,CPI,Responsabile,elena@example.org\n"
               "Mario Rossi,Ente Inventato,,\n"
               "Lucia Neri,,,gia@example.org\n"
               "Paolo Blu,centro per l'impiego,,ELENA@example.org\n")
    result = csv_import.check("people", content)
    assert [(p.line, p.message.split(":")[0]) for p in result.problems] == [
        (3, "ente sconosciuto"), (4, "e-mail già presente nella rubrica"),
        (5, "e-mail ripetuta")]
    response = _upload(client, "people", content)
    assert response.status_code == 422
    assert _count(Person) == 1
    fixed = "nome;ente;ruolo\nElena Fassino;CPI;Responsabile\n"
    page = _upload(client, "people", fixed).get_data(as_text=True)
    assert client.post("/directory/import/confirm",
                       data=_confirm_fields(page)).status_code == 303
    elena = db.session.scalar(sa.select(Person).filter_by(name="Elena Fassino"))
    assert elena.organization.name == "Centro per l'Impiego" and elena.role == "Responsabile"


def test_confirming_checks_again_and_a_repeated_submit_imports_nothing(client, coordinator):
    content = "Nome\nEnte Uno\nEnte Due\n"
    page = _upload(client, "organizations", content).get_data(as_text=True)
    fields = _confirm_fields(page)
    make_organization(name="Ente Due")  # someone added it meanwhile
    response = client.post("/directory/import/confirm", data=fields)
    assert response.status_code == 422
    assert "nessuna riga è stata importata" in response.get_data(as_text=True).lower()
    assert _count(Organization) == 1
    db.session.execute(sa.delete(Organization))
    db.session.commit()
    assert client.post("/directory/import/confirm", data=fields).status_code == 303
    assert client.post("/directory/import/confirm", data=fields).status_code == 422
    assert _count(Organization) == 2


def test_excel_files_in_windows_1252_with_commas_are_read(client, coordinator):
    content = ("Nome,Tipo,Indirizzo\r\n"
               "Associazione Città Aperta,associazione,\"Via Po 1, Torino\"\r\n")
    page = _upload(client, "organizations", content.encode("cp1252")).get_data(as_text=True)
    assert "Associazione Città Aperta" in page and "1 riga da importare" in page


@pytest.mark.parametrize("content, message", [
    ("", "vuoto"),
    ("Tipo;Indirizzo\nAssociazione;Via Po\n", "Manca la colonna «Nome»"),
    ("Nome\n", "non contiene righe"),
])
def test_unusable_files_are_explained(client, coordinator, content, message):
    response = _upload(client, "organizations", content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_file_without_a_choice_is_refused(client, coordinator):
    response = client.post("/directory/import", data={"kind": "organizations"},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Scegli il file CSV" in response.get_data(as_text=True)
