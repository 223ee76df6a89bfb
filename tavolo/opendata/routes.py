"""The open data page and its downloads: ``/open-data/``, ``/open-data/<set>.csv|.json``.

Anonymous and logged-in readers get the same files: only public data are published. Each
download carries an ``ETag`` (a hash of its content) and a ``Last-Modified`` (when that
content last changed), so harvesters can ask with ``If-None-Match``/``If-Modified-Since``.
"""

from __future__ import annotations

import json

from flask import abort, current_app, render_template, request

from tavolo.extensions import db
from tavolo.opendata import bp
from tavolo.opendata.datasets import (
    BY_KEY,
    DATASETS,
    SCHEMA_VERSION,
    TYPE_LABELS,
    Dataset,
    csv_cell,
    digest,
    observe,
)
from tavolo.spreadsheet import write_rows
from tavolo.types import utcnow


def _licence() -> dict:
    return {"name": current_app.config["OPEN_DATA_LICENSE"],
            "url": current_app.config["OPEN_DATA_LICENSE_URL"]}


def _state(dataset: Dataset):
    """Rows, ETag and Last-Modified of ``dataset`` (the change is remembered at once)."""
    rows = dataset.rows()
    etag = digest(dataset, rows)
    changed_at = observe(dataset.key, etag, utcnow())
    db.session.commit()
    return rows, etag, changed_at


@bp.get("/")
def index():
    """The data sets with their schema, licence and last change."""
    states = {}
    for dataset in DATASETS:
        rows, _etag, changed_at = _state(dataset)
        states[dataset.key] = {"rows": len(rows), "changed_at": changed_at}
    return render_template("opendata/index.html", datasets=DATASETS, states=states,
                           type_labels=TYPE_LABELS, licence=_licence(),
                           schema_version=SCHEMA_VERSION)


def _conditional(response, etag: str, changed_at):
    response.set_etag(etag)
    response.last_modified = changed_at
    response.headers["Cache-Control"] = "public, no-cache"
    return response.make_conditional(request)


@bp.get("/<key>.csv")
def download_csv(key: str):
    dataset = BY_KEY.get(key) or abort(404)
    rows, etag, changed_at = _state(dataset)
    content = write_rows([c.name for c in dataset.columns],
                         ([csv_cell(v) for v in row] for row in rows))
    response = current_app.response_class(content, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="tavolo-{key}.csv"'
    return _conditional(response, etag + "-csv", changed_at)


@bp.get("/<key>.json")
def download_json(key: str):
    dataset = BY_KEY.get(key) or abort(404)
    rows, etag, changed_at = _state(dataset)
    names = [c.name for c in dataset.columns]
    body = {
        "dataset": dataset.key,
        "title": str(dataset.title),
        "schema_version": SCHEMA_VERSION,
        "license": _licence(),
        "last_modified": changed_at.isoformat(),
        "schema": [{"name": c.name, "type": c.type, "description": str(c.description)}
                   for c in dataset.columns],
        "rows": [dict(zip(names, row, strict=True)) for row in rows],
    }
    response = current_app.response_class(json.dumps(body, ensure_ascii=False, indent=1),
                                          mimetype="application/json")
    return _conditional(response, etag + "-json", changed_at)
