"""Deliberations and outcomes: Italian amounts in cents, refusals, duplicates, audit."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from tavolo.audit.models import AuditEntry
from tavolo.extensions import db
from tavolo.projects.models import Deliberation, ProjectOutcome
from tests.factories import make_deliberation, make_organization, make_project


def _form(**overrides) -> dict:
    data = {"period": "2004/2005", "adopted_on": "", "reference": "", "title":
            "Iniziative per il lavoro anni 2004/2005", "contribution": "8.000,00",
            "total_spend": "50.800", "beneficiary_id": "", "notes": ""}
    data.update(overrides)
    return data


def test_amounts_typed_the_italian_way_are_stored_in_cents(client, coordinator):
    project = make_project()
    beneficiary = make_organization(name="Un Progetto al Femminile")
    response = client.post(f"/projects/{project.id}/deliberations/new", data=_form(
        period="2010 - 2011", adopted_on="12/05/2010", reference="mecc. 2010 01234/084",
        beneficiary_id=str(beneficiary.id), spend_is_estimate="y"))
    assert response.status_code == 303
    deliberation = db.session.scalar(sa.select(Deliberation))
    assert deliberation.contribution_cents == 800_000
    assert deliberation.total_spend_cents == 5_080_000
    assert (deliberation.period, deliberation.year) == ("2010-2011", 2010)
    assert deliberation.adopted_on.isoformat() == "2010-05-12"
    assert deliberation.spend_is_estimate and deliberation.beneficiary == beneficiary
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "€ 8.000,00" in page and "€ 50.800,00" in page and "presunta" in page
    edit_page = client.get(f"/projects/deliberations/{deliberation.id}/edit").get_data(
        as_text=True)
    assert 'value="8.000,00"' in edit_page and 'value="50.800,00"' in edit_page


@pytest.mark.parametrize("overrides, message", [
    ({"contribution": "-8.000,00"}, "non può essere negativo"),
    ({"contribution": "otto mila"}, "Scrivi solo cifre"),
    ({"total_spend": "50.800,001"}, "due cifre dopo la virgola"),
    ({"contribution": "", "total_spend": ""}, "almeno il contributo o la spesa"),
    ({"period": "duemila"}, "2004/2005, 2009-2010 o 2013"),
    ({"period": "2004/2015"}, "deve seguire il primo"),
    ({"title": ""}, "oggetto della delibera"),
    ({"adopted_on": "31/02/2010"}, "gg/mm/aaaa"),
])
def test_bad_deliberations_are_explained_and_nothing_is_saved(client, coordinator, overrides,
                                                             message):
    project = make_project()
    response = client.post(f"/projects/{project.id}/deliberations/new", data=_form(**overrides))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deliberation)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_a_repeated_submit_does_not_count_the_money_twice(client, coordinator):
    project = make_project()
    assert client.post(f"/projects/{project.id}/deliberations/new",
                       data=_form()).status_code == 303
    again = client.post(f"/projects/{project.id}/deliberations/new", data=_form())
    assert again.status_code == 400
    assert "inviato due volte" in again.get_data(as_text=True)
    make_deliberation(project, reference="DEL-1", title="Altra", period="2006")
    same_reference = client.post(f"/projects/{project.id}/deliberations/new",
                                 data=_form(title="Nuova", reference="del-1"))
    assert "è già della delibera «Altra»" in same_reference.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deliberation)) == 2


def test_the_database_refuses_negative_cents_whatever_the_code(app):
    project = make_project()
    db.session.add(Deliberation(project=project, year=2020, period="2020", title="x",
                                contribution_cents=-1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_edit_and_delete_are_audited_and_shown_in_euro(client, coordinator):
    project = make_project()
    deliberation = make_deliberation(project, contribution_cents=800_000, period="2004/2005",
                                     title="Iniziative")
    response = client.post(f"/projects/deliberations/{deliberation.id}/edit", data=_form(
        title="Iniziative", contribution="9.400,00", total_spend="",
        version=str(deliberation.version)))
    assert response.status_code == 303
    entry = db.session.scalar(sa.select(AuditEntry).filter_by(action="update"))
    assert entry.changes["contribution_cents"] == [800_000, 940_000]
    history = client.get(f"/projects/deliberations/{deliberation.id}/edit").get_data(
        as_text=True).split("Registro delle modifiche")[1]
    assert "€ 8.000,00 → € 9.400,00" in " ".join(history.split())
    confirm = client.get(f"/projects/deliberations/{deliberation.id}/delete").get_data(
        as_text=True)
    assert "diminuiranno di € 9.400,00 di contributo" in confirm
    deliberation_id = deliberation.id
    assert client.post(f"/projects/deliberations/{deliberation_id}/delete",
                       data={"version": str(deliberation.version)}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deliberation)) == 0
    deleted = db.session.scalar(sa.select(AuditEntry).filter_by(action="delete"))
    assert deleted.changes["contribution_cents"] == [940_000, None]
    project_history = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert project_history.split("Registro delle modifiche")[1].count("Delibera:") == 2


def test_outcomes_are_added_edited_and_deleted(client, coordinator):
    project = make_project()
    data = {"label": "Tirocini formativi con borsa lavoro", "count": "21", "months": "3",
            "target_group": "adults_in_difficulty", "period_start": "2011",
            "period_end": "2016", "source": "Bilancio di mandato 2011-2016"}
    assert client.post(f"/projects/{project.id}/outcomes/new", data=data).status_code == 303
    twice = client.post(f"/projects/{project.id}/outcomes/new", data=data)
    assert twice.status_code == 400 and "inviato due volte" in twice.get_data(as_text=True)
    negative = client.post(f"/projects/{project.id}/outcomes/new",
                           data={**data, "count": "-1"})
    assert negative.status_code == 400 and "non negativo" in negative.get_data(as_text=True)
    outcome = db.session.scalar(sa.select(ProjectOutcome))
    assert (outcome.count, outcome.months, outcome.target_group.value) == \
        (21, 3, "adults_in_difficulty")
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert "Tirocini formativi con borsa lavoro" in page and "3 mesi" in page
    assert client.post(f"/projects/outcomes/{outcome.id}/edit",
                       data={**data, "count": "22"}).status_code == 303
    assert client.post(f"/projects/outcomes/{outcome.id}/delete").status_code == 303
    actions = list(db.session.scalars(sa.select(AuditEntry.action).filter_by(
        object_type="outcome").order_by(AuditEntry.id)))
    assert actions == ["create", "update", "delete"]
