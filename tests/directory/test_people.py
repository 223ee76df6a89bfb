"""People of the directory: edits with audit, duplicates, the login link, vCard."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.audit.models import AuditEntry
from tavolo.auth.models import Role, User
from tavolo.directory import vcard
from tavolo.directory.models import Person
from tavolo.extensions import db
from tests.factories import make_organization, make_person, make_user


def test_coordinator_adds_edits_and_deletes_a_person_with_audit(client, login):
    login(make_user(Role.COORDINATOR))
    org = make_organization(name="Centro per l'Impiego")
    account = make_user(Role.PARTNER, email="elena@cpi.example")
    account_id = account.id
    response = client.post("/directory/people/new", data={
        "name": "Elena Fassino", "organization_id": str(org.id), "role": "Responsabile",
        "email": "elena@cpi.example", "phone": "011 555", "notes": "", "user_id": str(account.id)})
    assert response.status_code == 303
    person = db.session.scalar(sa.select(Person).filter_by(name="Elena Fassino"))
    assert person.organization_id == org.id and person.user_id == account.id
    response = client.post(f"/directory/people/{person.id}/edit", data={
        "name": "Elena Fassino", "organization_id": str(org.id), "role": "Direttrice",
        "email": "elena@cpi.example", "phone": "011 555", "notes": "", "user_id": "",
        "version": str(person.version)})
    assert response.status_code == 303
    db.session.refresh(person)
    assert person.role == "Direttrice" and person.user_id is None
    page = client.get(f"/directory/people/{person.id}/delete").get_data(as_text=True)
    assert "resta attivo" not in page  # no login linked any more
    person_id = person.id
    assert client.post(f"/directory/people/{person_id}/delete",
                       data={"version": str(person.version)}).status_code == 303
    db.session.expunge_all()
    assert db.session.get(Person, person_id) is None
    assert db.session.get(User, account_id).active  # the account itself is untouched
    actions = list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "person").order_by(AuditEntry.id)))
    assert actions == ["create", "update", "delete"]
    update = db.session.scalar(sa.select(AuditEntry).filter_by(object_type="person",
                                                               action="update"))
    assert update.changes["role"] == ["Responsabile", "Direttrice"]
    assert update.changes["user_id"] == [account_id, None]


def test_duplicates_are_refused_with_the_reason(client, login):
    login(make_user(Role.COORDINATOR))
    org = make_organization()
    make_person(organization=org, name="Mario Verdi", email="mario@example.org")
    base = {"organization_id": str(org.id), "role": "", "phone": "", "notes": "", "user_id": ""}
    same_name = client.post("/directory/people/new",
                            data={**base, "name": "mario verdi", "email": ""})
    assert same_name.status_code == 400
    assert "già nella rubrica con lo stesso ente" in same_name.get_data(as_text=True)
    same_email = client.post("/directory/people/new", data={
        **base, "name": "Altro Nome", "organization_id": "", "email": "MARIO@example.org"})
    assert "è già di Mario Verdi" in same_email.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_an_account_already_linked_is_not_offered_again(client, login):
    coordinator = make_user(Role.COORDINATOR, name="Coordinatrice")
    login(coordinator)
    make_person(name="Già collegata", user=coordinator)
    page = client.get("/directory/people/new").get_data(as_text=True)
    assert "Coordinatrice &lt;" not in page
    response = client.post("/directory/people/new", data={
        "name": "Altra", "organization_id": "", "role": "", "email": "", "phone": "",
        "notes": "", "user_id": str(coordinator.id)})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_vcard_download_has_the_contacts_escaped_and_folded(client, login):
    org = make_organization(name="Coop. Il Sole; Servizi, Lavoro", address="Via Roma 1, Torino",
                            phone="011 999", website="https://sole.example")
    person = make_person(organization=org, name="Giuseppina D'Alessandro-Ferraris",
                         role="Referente per i tirocini formativi con borsa lavoro e le imprese",
                         email="giuseppina@sole.example", phone="+39 333 1234567")
    login(make_user(Role.PARTNER))
    response = client.get(f"/directory/people/{person.id}.vcf")
    assert response.status_code == 200
    assert response.mimetype == "text/vcard"
    assert "giuseppina-d-alessandro-ferraris.vcf" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and text.endswith("END:VCARD\r\n")
    assert "ORG:Coop. Il Sole\\; Servizi\\, Lavoro\r\n" in text
    assert "EMAIL;TYPE=INTERNET,WORK:giuseppina@sole.example" in text
    assert "TEL;TYPE=WORK,VOICE:+39 333 1234567" in text
    assert "ADR;TYPE=WORK:;;Via Roma 1\\, Torino;;;;" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "TITLE:Referente per i tirocini formativi con borsa lavoro e le imprese" in unfolded


def test_folding_never_splits_a_character():
    line = "NOTE:" + "è" * 100
    folded = vcard.fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_people_list_filters_by_organisation_and_text(client, login):
    a, b = make_organization(name="Ente A"), make_organization(name="Ente B")
    make_person(organization=a, name="Anna Alfa", role="educatrice")
    make_person(organization=b, name="Bruno Beta")
    login(make_user(Role.MEMBER))
    only_a = client.get(f"/directory/people?organization={a.id}",
                        headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Anna Alfa" in only_a and "Bruno Beta" not in only_a
    by_role = client.get("/directory/people?q=EDUCA", headers={"HX-Request": "true"})
    assert "Anna Alfa" in by_role.get_data(as_text=True)
    by_org = client.get("/directory/people?q=ente+b", headers={"HX-Request": "true"})
    assert "Bruno Beta" in by_org.get_data(as_text=True)
    assert "Anna Alfa" not in by_org.get_data(as_text=True)
