"""The open data sets: their columns (name, type, meaning) and their rows.

The schema is a promise to whoever reuses the data: column names and types never change
within a version; new columns may be added at the end. Only what anonymous visitors may
see is published, whoever asks: public projects, the deliberations and outcomes of public
projects, public seminars.

Types: ``integer``; ``string``; ``boolean`` (``true``/``false``); ``date`` (AAAA-MM-GG);
``datetime`` (ISO 8601 in UTC); ``list`` (values separated by `` | `` in CSV, an array in
JSON). Amounts are integer euro cents, so that no rounding or decimal separator can change
them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import last_modified
from tavolo.directory.models import Person
from tavolo.extensions import db
from tavolo.opendata.models import OpenDataState
from tavolo.projects.models import Deliberation, Project, ProjectOutcome
from tavolo.seminars.models import Seminar, Speaker
from tavolo.visibility import Visibility

SCHEMA_VERSION = "1"
LIST_SEPARATOR = " | "
TYPE_LABELS = {
    "integer": _l("numero intero"),
    "string": _l("testo"),
    "boolean": _l("vero/falso (true/false)"),
    "date": _l("data AAAA-MM-GG"),
    "datetime": _l("data e ora ISO 8601, UTC"),
    "list": _l("elenco (in CSV separato da « | »)"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: object
    get: Callable


@dataclass(frozen=True)
class Dataset:
    key: str
    title: object
    description: object
    columns: tuple[Column, ...]
    load: Callable[[], list]

    def rows(self) -> list[list]:
        """Every row as a list of JSON-ready values, in column order."""
        return [[_plain(column.get(obj)) for column in self.columns] for obj in self.load()]


def _plain(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_cell(value) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


_PUBLIC = Visibility.PUBLIC


def _public_projects():
    return list(db.session.scalars(
        sa.select(Project).where(Project.visibility == _PUBLIC)
        .options(selectinload(Project.lead_organization), selectinload(Project.partners),
                 selectinload(Project.target_rows))
        .order_by(Project.start_year, Project.code)))


def _deliberations():
    return list(db.session.scalars(
        sa.select(Deliberation).join(Project).where(Project.visibility == _PUBLIC)
        .options(selectinload(Deliberation.beneficiary), selectinload(Deliberation.project))
        .order_by(Deliberation.year, Deliberation.id)))


def _outcomes():
    return list(db.session.scalars(
        sa.select(ProjectOutcome).join(Project).where(Project.visibility == _PUBLIC)
        .options(selectinload(ProjectOutcome.project))
        .order_by(Project.code, ProjectOutcome.position, ProjectOutcome.id)))


def _seminars():
    return list(db.session.scalars(
        sa.select(Seminar).where(Seminar.visibility == _PUBLIC)
        .options(selectinload(Seminar.speakers).selectinload(Speaker.person)
                 .selectinload(Person.organization),
                 selectinload(Seminar.topics), selectinload(Seminar.projects))
        .order_by(Seminar.starts_at, Seminar.id)))


def _name(org):
    return org.name if org is not None else ""


def _public_codes(projects):
    return [p.code for p in projects if p.visibility == _PUBLIC]


DATASETS: tuple[Dataset, ...] = (
    Dataset("projects", _l("Progetti"), _l("I progetti pubblici della rete."), (
        Column("id", "integer", _l("Identificativo del progetto"), lambda p: p.id),
        Column("code", "string", _l("Codice del progetto"), lambda p: p.code),
        Column("title", "string", _l("Titolo"), lambda p: p.title),
        Column("status", "string", _l("Stato: proposed, approved, running, completed, "
                                      "set_aside"), lambda p: p.status.value),
        Column("start_year", "integer", _l("Primo anno"), lambda p: p.start_year),
        Column("end_year", "integer", _l("Ultimo anno (vuoto: in corso)"), lambda p: p.end_year),
        Column("summary", "string", _l("Sintesi"), lambda p: p.summary),
        Column("lead_organization", "string", _l("Ente capofila"),
               lambda p: _name(p.lead_organization)),
        Column("partners", "list", _l("Enti partner"), lambda p: [o.name for o in p.partners]),
        Column("target_groups", "list", _l("Destinatari (codici)"),
               lambda p: [g.value for g in p.target_groups]),
        Column("updated_at", "datetime", _l("Ultima modifica della scheda"),
               lambda p: p.updated_at),
    ), _public_projects),
    Dataset("deliberations", _l("Delibere e finanziamenti"),
            _l("Le delibere che finanziano i progetti pubblici, con gli importi."), (
        Column("id", "integer", _l("Identificativo della delibera"), lambda d: d.id),
        Column("project_id", "integer", _l("Progetto finanziato (id)"), lambda d: d.project_id),
        Column("project_code", "string", _l("Progetto finanziato (codice)"),
               lambda d: d.project.code),
        Column("year", "integer", _l("Primo anno del periodo"), lambda d: d.year),
        Column("period", "string", _l("Periodo come scritto, es. 2004/2005"), lambda d: d.period),
        Column("adopted_on", "date", _l("Data di adozione"), lambda d: d.adopted_on),
        Column("reference", "string", _l("Estremi della delibera"), lambda d: d.reference),
        Column("title", "string", _l("Oggetto"), lambda d: d.title),
        Column("contribution_cents", "integer", _l("Contributo, in centesimi di euro"),
               lambda d: d.contribution_cents),
        Column("total_spend_cents", "integer", _l("Spesa complessiva, in centesimi di euro"),
               lambda d: d.total_spend_cents),
        Column("spend_is_estimate", "boolean", _l("La spesa è una stima"),
               lambda d: d.spend_is_estimate),
        Column("beneficiary", "string", _l("Beneficiario"), lambda d: _name(d.beneficiary)),
    ), _deliberations),
    Dataset("outcomes", _l("Risultati dei progetti"),
            _l("I risultati dei progetti pubblici (tirocini, corsi, partecipanti)."), (
        Column("id", "integer", _l("Identificativo del risultato"), lambda o: o.id),
        Column("project_id", "integer", _l("Progetto (id)"), lambda o: o.project_id),
        Column("project_code", "string", _l("Progetto (codice)"), lambda o: o.project.code),
        Column("label", "string", _l("Descrizione"), lambda o: o.label),
        Column("count", "integer", _l("Quantità"), lambda o: o.count),
        Column("months", "integer", _l("Durata in mesi, se c'è"), lambda o: o.months),
        Column("target_group", "string", _l("Destinatari (codice)"),
               lambda o: o.target_group.value if o.target_group else None),
        Column("period_start", "integer", _l("Primo anno a cui si riferisce"),
               lambda o: o.period_start),
        Column("period_end", "integer", _l("Ultimo anno a cui si riferisce"),
               lambda o: o.period_end),
        Column("source", "string", _l("Fonte del dato"), lambda o: o.source),
    ), _outcomes),
    Dataset("seminars", _l("Seminari"), _l("I seminari e le giornate di studio pubblici."), (
        Column("id", "integer", _l("Identificativo del seminario"), lambda s: s.id),
        Column("title", "string", _l("Titolo"), lambda s: s.title),
        Column("starts_at", "datetime", _l("Inizio"), lambda s: s.starts_at),
        Column("ends_at", "datetime", _l("Fine"), lambda s: s.ends_at),
        Column("place", "string", _l("Luogo"), lambda s: s.place),
        Column("abstract", "string", _l("Presentazione (Markdown)"), lambda s: s.abstract),
        Column("speakers", "list", _l("Relatori e relatrici"),
               lambda s: [sp.display_name for sp in s.speakers]),
        Column("topics", "list", _l("Temi"), lambda s: [t.name for t in s.topics]),
        Column("project_codes", "list", _l("Progetti collegati (codici)"),
               lambda s: _public_codes(s.projects)),
    ), _seminars),
)

BY_KEY = {dataset.key: dataset for dataset in DATASETS}


def digest(dataset: Dataset, rows: list[list]) -> str:
    """A hash of the schema and the rows: the ETag and the change detector."""
    content = json.dumps([SCHEMA_VERSION, [c.name for c in dataset.columns], rows],
                         ensure_ascii=False, default=str)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:40]


def observe(key: str, value: str, now: dt.datetime) -> dt.datetime:
    """Remember that data set ``key`` now hashes to ``value``; return when it last changed."""
    return last_modified.observe(OpenDataState, key, value, now, column="digest")
