"""Open data: only public data, a stable documented schema, licence and last-modified."""

from __future__ import annotations

import csv
import io

from tavolo.auth.models import Role
from tavolo.extensions import db
from tavolo.opendata.datasets import DATASETS
from tests.factories import (
    make_deliberation,
    make_organization,
    make_outcome,
    make_project,
    make_seminar,
    make_user,
)


def _world():
    org = make_organization(name="Cooperativa Uno")
    public = make_project(code="PUB", title="Progetto pubblico", lead_organization=org)
    secret = make_project(code="CORE", title="Progetto ristretto", visibility="core")
    make_deliberation(public, year=2007, contribution_cents=3528000, total_spend_cents=4000000,
                      beneficiary=org)
    make_deliberation(secret, year=2007, contribution_cents=999)
    make_outcome(public, label="Tirocini di 6 mesi", count=11, months=6)
    make_outcome(secret, label="Riservato", count=1)
    make_seminar(title="Seminario pubblico")
    make_seminar(title="Seminario di rete", visibility="network")
    return public, secret


def _csv(response):
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def test_page_lists_schema_licence_and_dates(client):
    _world()
    page = client.get("/open-data/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "CC BY 4.0" in text and 'rel="license"' in text
    for dataset in DATASETS:
        assert f"/open-data/{dataset.key}.csv" in text
        for column in dataset.columns:
            assert f"<code>{column.name}</code>" in text
    assert "Ultima modifica" in text


def test_only_public_data_whoever_asks(client, login):
    _world()
    login(make_user(Role.COORDINATOR))
    projects = _csv(client.get("/open-data/projects.csv"))
    assert [p["code"] for p in projects] == ["PUB"]
    assert projects[0]["lead_organization"] == "Cooperativa Uno"
    deliberations = _csv(client.get("/open-data/deliberations.csv"))
    assert [(d["project_code"], d["contribution_cents"], d["total_spend_cents"])
            for d in deliberations] == [("PUB", "3528000", "4000000")]
    outcomes = client.get("/open-data/outcomes.json").get_json()
    assert [(o["label"], o["count"], o["months"]) for o in outcomes["rows"]] == [
        ("Tirocini di 6 mesi", 11, 6)]
    seminars = client.get("/open-data/seminars.json").get_json()
    assert [s["title"] for s in seminars["rows"]] == ["Seminario pubblico"]


def test_json_carries_schema_and_licence_and_csv_the_same_columns(client, app):
    _world()
    body = client.get("/open-data/deliberations.json").get_json()
    assert body["license"]["name"] == "CC BY 4.0"
    names = [c["name"] for c in body["schema"]]
    assert names[:3] == ["id", "project_id", "project_code"]
    assert {c["type"] for c in body["schema"]} <= {"integer", "string", "boolean", "date",
                                                    "datetime", "list"}
    assert list(body["rows"][0]) == names
    header = client.get("/open-data/deliberations.csv").get_data().decode("utf-8-sig")
    assert header.splitlines()[0].split(";") == names
    app.config["OPEN_DATA_LICENSE"] = "CC0 1.0"
    assert client.get("/open-data/projects.json").get_json()["license"]["name"] == "CC0 1.0"


def test_last_modified_and_etag_move_only_when_the_data_change(client):
    public, _secret = _world()
    first = client.get("/open-data/projects.csv")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get("/open-data/projects.csv",
                      headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/open-data/projects.csv",
                      headers={"If-Modified-Since": modified}).status_code == 304
    public.title = "Titolo nuovo"
    db.session.commit()
    changed = client.get("/open-data/projects.csv", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Titolo nuovo" in changed.get_data(as_text=True)


def test_unknown_dataset_is_404(client):
    assert client.get("/open-data/users.csv").status_code == 404
    assert client.get("/open-data/users.json").status_code == 404


def test_query_count_does_not_grow(client, count_queries):
    def grow(n):
        for _ in range(n):
            org = make_organization()
            project = make_project(lead_organization=org)
            make_deliberation(project, beneficiary=org)
            make_outcome(project)
            make_seminar()

    grow(2)
    client.get("/open-data/")
    with count_queries() as small:
        client.get("/open-data/")
    grow(5)
    client.get("/open-data/")
    with count_queries() as large:
        client.get("/open-data/")
    assert len(large) == len(small)
