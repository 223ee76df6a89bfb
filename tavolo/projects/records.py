"""Deliberations and outcomes of a project: the funding and the results, with audit.

Amounts are integer cents and never negative (the database refuses them too). A repeated
submit of the same deliberation or outcome is refused instead of counted twice.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import pending_changes, record
from tavolo.domain import DomainError
from tavolo.editing import NOT_AUDITED, check_version, first_other, snapshot
from tavolo.extensions import db
from tavolo.projects.forms import period_year
from tavolo.projects.models import Deliberation, Project, ProjectOutcome, TargetGroup

DELIBERATION_FIELDS = ("period", "adopted_on", "reference", "title", "contribution_cents",
                       "total_spend_cents", "spend_is_estimate", "beneficiary_id", "notes")
OUTCOME_FIELDS = ("label", "count", "months", "target_group", "period_start", "period_end",
                  "source")


def _clean(values: dict, names) -> dict:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in names}


def _check_amounts(values: dict) -> None:
    for key in ("contribution_cents", "total_spend_cents"):
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or value < 0):
            raise DomainError(_l("Gli importi devono essere in euro, non negativi."))
    if values.get("contribution_cents") is None and values.get("total_spend_cents") is None:
        raise DomainError(_l("Indica almeno il contributo o la spesa complessiva."))


def _refuse_duplicate_deliberation(project: Project, values: dict,
                                   exclude_id: int | None = None) -> None:
    same = sa.select(Deliberation.id).where(
        Deliberation.project_id == project.id, Deliberation.period == values["period"],
        Deliberation.title == values["title"])
    if first_other(same, Deliberation.id, exclude_id) is not None:
        raise DomainError(_l("Questo progetto ha già una delibera con lo stesso periodo e lo "
                               "stesso oggetto (forse il modulo è stato inviato due volte)."))
    if values.get("reference"):
        same_ref = sa.select(Deliberation.title).where(
            sa.func.lower(Deliberation.reference) == values["reference"].lower())
        other = first_other(same_ref, Deliberation.id, exclude_id)
        if other is not None:
            raise DomainError(_l("Il riferimento %(ref)s è già della delibera «%(title)s».",
                                   ref=values["reference"], title=other))


def create_deliberation(actor, project: Project, **values) -> Deliberation:
    values = _clean(values, DELIBERATION_FIELDS)
    _check_amounts(values)
    _refuse_duplicate_deliberation(project, values)
    deliberation = Deliberation(project=project, year=period_year(values["period"]), **values)
    db.session.add(deliberation)
    db.session.flush()
    record(actor, "create", "deliberation", deliberation.id, deliberation.title,
           {"project_id": [None, project.id], **snapshot(deliberation)})
    return deliberation


def update_deliberation(actor, deliberation: Deliberation, *,
                        expected_version: int | None = None, **values) -> dict:
    check_version(deliberation, expected_version)
    values = _clean(values, DELIBERATION_FIELDS)
    merged = {k: getattr(deliberation, k) for k in DELIBERATION_FIELDS} | values
    _check_amounts(merged)
    _refuse_duplicate_deliberation(deliberation.project, merged, exclude_id=deliberation.id)
    for name, value in values.items():
        setattr(deliberation, name, value)
    deliberation.year = period_year(deliberation.period)
    changes = pending_changes(deliberation, exclude=NOT_AUDITED)
    if changes:
        record(actor, "update", "deliberation", deliberation.id, deliberation.title, changes)
    db.session.flush()
    return changes


def delete_deliberation(actor, deliberation: Deliberation, *,
                        expected_version: int | None = None) -> None:
    check_version(deliberation, expected_version)
    record(actor, "delete", "deliberation", deliberation.id, deliberation.title,
           snapshot(deliberation, removed=True))
    db.session.delete(deliberation)
    db.session.flush()


def _outcome_values(values: dict) -> dict:
    values = _clean(values, OUTCOME_FIELDS)
    if "target_group" in values:
        values["target_group"] = TargetGroup(values["target_group"]) \
            if values["target_group"] else None
    if values.get("count") is not None and values["count"] < 0:
        raise DomainError(_l("Il numero non può essere negativo."))
    return values


def _refuse_duplicate_outcome(project: Project, values: dict,
                              exclude_id: int | None = None) -> None:
    query = sa.select(ProjectOutcome.id).where(ProjectOutcome.project_id == project.id)
    for key in ("label", "count", "months", "period_start", "period_end"):
        column = getattr(ProjectOutcome, key)
        value = values.get(key)
        query = query.where(column.is_(None) if value is None else column == value)
    if first_other(query, ProjectOutcome.id, exclude_id) is not None:
        raise DomainError(_l("Questo risultato è già registrato per il progetto (forse il "
                               "modulo è stato inviato due volte)."))


def create_outcome(actor, project: Project, **values) -> ProjectOutcome:
    values = _outcome_values(values)
    _refuse_duplicate_outcome(project, values)
    position = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(
        ProjectOutcome.position), -1)).where(ProjectOutcome.project_id == project.id)) + 1
    outcome = ProjectOutcome(project=project, position=position, **values)
    db.session.add(outcome)
    db.session.flush()
    record(actor, "create", "outcome", outcome.id, outcome.label,
           {"project_id": [None, project.id], **snapshot(outcome)})
    return outcome


def update_outcome(actor, outcome: ProjectOutcome, **values) -> dict:
    values = _outcome_values(values)
    merged = {k: getattr(outcome, k) for k in OUTCOME_FIELDS} | values
    _refuse_duplicate_outcome(outcome.project, merged, exclude_id=outcome.id)
    for name, value in values.items():
        setattr(outcome, name, value)
    changes = pending_changes(outcome, exclude=NOT_AUDITED)
    if changes:
        record(actor, "update", "outcome", outcome.id, outcome.label, changes)
    db.session.flush()
    return changes


def delete_outcome(actor, outcome: ProjectOutcome) -> None:
    record(actor, "delete", "outcome", outcome.id, outcome.label,
           snapshot(outcome, removed=True))
    db.session.delete(outcome)
    db.session.flush()
