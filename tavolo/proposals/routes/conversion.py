"""An adopted proposal becomes a project: the prefilled form and its submission."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tavolo.directory.models import Organization
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.proposals import bp, conversion
from tavolo.proposals.access import get_proposal_or_404
from tavolo.proposals.forms import ProjectFromProposalForm, visibility_choices
from tavolo.visibility import Visibility


def project_url(project) -> str | None:
    """The project's page once the projects area provides one (built in parallel)."""
    from flask import current_app

    if "projects.detail" in current_app.view_functions:
        return url_for("projects.detail", project_id=project.id)
    return None


@bp.app_context_processor
def _project_url():
    return {"project_url": project_url}


@bp.route("/<int:proposal_id>/project", methods=["GET", "POST"])
@login_required
def to_project(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    if not proposal.can_become_project(current_user):
        abort(403)
    form = ProjectFromProposalForm(data=conversion.prefill(proposal)) \
        if request.method == "GET" else ProjectFromProposalForm()
    orgs = db.session.scalars(sa.select(Organization).order_by(Organization.name)).all()
    form.lead_organization_id.choices = [(0, _("Nessuno"))] + [(o.id, o.name) for o in orgs]
    form.visibility.choices = visibility_choices(list(Visibility))
    error = None
    if form.validate_on_submit():
        lead = db.session.get(Organization, form.lead_organization_id.data) \
            if form.lead_organization_id.data else None
        with saving(quiet=True) as saved:
            project = conversion.create_project(
                current_user, proposal, title=form.title.data, code=form.code.data,
                start_year=form.start_year.data, end_year=form.end_year.data,
                status=form.status.data, summary=form.summary.data or "",
                description=form.description.data or "", lead_organization=lead,
                visibility=form.visibility.data)
        error = saved.error
        if saved:
            flash(_("Progetto «%(title)s» creato dalla proposta.", title=project.title),
                  "success")
            return redirect(project_url(project) or
                            url_for("proposals.detail", proposal_id=proposal.id), code=303)
    status = 400 if form.errors or error else 200
    return render_template("proposals/to_project.html", proposal=proposal, form=form,
                           error=error), status
