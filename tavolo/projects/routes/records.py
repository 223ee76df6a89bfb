"""Coordinator pages for a project's deliberations and outcomes."""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from tavolo import htmx
from tavolo.audit.history import history_view
from tavolo.audit.services import history_of
from tavolo.directory.models import Organization
from tavolo.editing import STILL_REFERENCED, edit_saved, form_status, posted_version, saving
from tavolo.extensions import db
from tavolo.forms import choices
from tavolo.projects import bp, records
from tavolo.projects.access import get_deliberation_or_404, get_outcome_or_404, get_project_or_404
from tavolo.projects.forms import DeliberationForm, OutcomeForm
from tavolo.projects.models import Deliberation, ProjectOutcome


def _back(project_id: int, anchor: str) -> str:
    return url_for("projects.detail", project_id=project_id, _anchor=anchor)


def _added(form, create, project_id: int, anchor: str, message):
    """Run ``create()`` for a valid form; once saved, say ``message`` and answer with the
    project's section ``anchor``. None: the form is shown again."""
    if not form.validate_on_submit():
        return None
    with saving() as saved:
        create()
    if not saved:
        return None
    flash(message, "success")
    return htmx.redirect_after_post(_back(project_id, anchor))


def _beneficiaries(form: DeliberationForm) -> None:
    form.beneficiary_id.choices = choices([("", _("— nessuno (spesa diretta) —"))] + [
        (str(org_id), name) for org_id, name in db.session.execute(
            db.select(Organization.id, Organization.name).order_by(Organization.name))])


def _deliberation_values(form: DeliberationForm) -> dict:
    return {"period": form.period.data, "adopted_on": form.adopted_on.data,
            "reference": form.reference.data or "", "title": form.title.data,
            "contribution_cents": form.contribution.data,
            "total_spend_cents": form.total_spend.data,
            "spend_is_estimate": form.spend_is_estimate.data,
            "beneficiary_id": int(form.beneficiary_id.data) if form.beneficiary_id.data else None,
            "notes": form.notes.data or ""}


@bp.route("/<int:project_id>/deliberations/new", methods=["GET", "POST"])
def deliberation_create(project_id: int):
    project = get_project_or_404(project_id, need="manage")
    form = DeliberationForm()
    _beneficiaries(form)
    done = _added(form, lambda: records.create_deliberation(
        current_user, project, **_deliberation_values(form)),
        project.id, "deliberations-heading", _("Delibera aggiunta."))
    if done is not None:
        return done
    return render_template("projects/deliberation_form.html", form=form, project=project,
                           deliberation=None, history=None), form_status()


@bp.route("/deliberations/<int:deliberation_id>/edit", methods=["GET", "POST"])
def deliberation_edit(deliberation_id: int):
    deliberation = get_deliberation_or_404(deliberation_id, options=[
        joinedload(Deliberation.project)])
    project = deliberation.project
    form = DeliberationForm(obj=deliberation)
    _beneficiaries(form)
    if request.method == "GET":
        form.contribution.data = deliberation.contribution_cents
        form.total_spend.data = deliberation.total_spend_cents
        form.beneficiary_id.data = str(deliberation.beneficiary_id or "")
        form.version.data = str(deliberation.version)
    done = edit_saved(form, lambda: records.update_deliberation(
        current_user, deliberation, expected_version=form.expected_version,
        **_deliberation_values(form)), _back(project.id, "deliberations-heading"))
    if done is not None:
        return done
    return render_template("projects/deliberation_form.html", form=form, project=project,
                           deliberation=deliberation,
                           **history_view("deliberation", history_of("deliberation",
                                                                     deliberation.id))), form_status()


@bp.route("/deliberations/<int:deliberation_id>/delete", methods=["GET", "POST"])
def deliberation_delete(deliberation_id: int):
    deliberation = get_deliberation_or_404(deliberation_id, options=[
        joinedload(Deliberation.project), joinedload(Deliberation.beneficiary)])
    project_id = deliberation.project_id
    if request.method == "POST":
        with saving(conflict_message=STILL_REFERENCED) as saved:
            records.delete_deliberation(current_user, deliberation,
                                        expected_version=posted_version())
        if saved:
            flash(_("Delibera eliminata: i totali del progetto sono stati aggiornati."),
                  "success")
            return htmx.redirect_after_post(_back(project_id, "deliberations-heading"))
        deliberation = get_deliberation_or_404(deliberation_id)
    return render_template("projects/deliberation_delete.html", deliberation=deliberation)


def _outcome_values(form: OutcomeForm) -> dict:
    return {"label": form.label.data, "count": form.count.data, "months": form.months.data,
            "target_group": form.target_group.data or None,
            "period_start": form.period_start.data, "period_end": form.period_end.data,
            "source": form.source.data or ""}


@bp.route("/<int:project_id>/outcomes/new", methods=["GET", "POST"])
def outcome_create(project_id: int):
    project = get_project_or_404(project_id, need="manage")
    form = OutcomeForm()
    done = _added(form, lambda: records.create_outcome(
        current_user, project, **_outcome_values(form)),
        project.id, "outcomes-heading", _("Risultato aggiunto."))
    if done is not None:
        return done
    return render_template("projects/outcome_form.html", form=form, project=project,
                           outcome=None, history=None), form_status()


@bp.route("/outcomes/<int:outcome_id>/edit", methods=["GET", "POST"])
def outcome_edit(outcome_id: int):
    outcome = get_outcome_or_404(outcome_id, options=[joinedload(ProjectOutcome.project)])
    project = outcome.project
    form = OutcomeForm(obj=outcome)
    if request.method == "GET":
        form.target_group.data = outcome.target_group.value if outcome.target_group else ""
    done = edit_saved(form, lambda: records.update_outcome(
        current_user, outcome, **_outcome_values(form)), _back(project.id, "outcomes-heading"))
    if done is not None:
        return done
    return render_template("projects/outcome_form.html", form=form, project=project,
                           outcome=outcome,
                           **history_view("outcome", history_of("outcome", outcome.id))), \
        form_status()


@bp.route("/outcomes/<int:outcome_id>/delete", methods=["GET", "POST"])
def outcome_delete(outcome_id: int):
    outcome = get_outcome_or_404(outcome_id, options=[joinedload(ProjectOutcome.project)])
    project_id = outcome.project_id
    if request.method == "POST":
        with saving(conflict_message=STILL_REFERENCED) as saved:
            records.delete_outcome(current_user, outcome)
        if saved:
            flash(_("Risultato eliminato."), "success")
            return htmx.redirect_after_post(_back(project_id, "outcomes-heading"))
    return render_template("projects/outcome_delete.html", outcome=outcome)
