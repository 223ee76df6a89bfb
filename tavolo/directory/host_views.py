"""Local businesses that host internships: the filtered list for finding a host, and the
internships each one hosted (recorded by the coordinator from the business's page)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from tavolo import htmx
from tavolo.directory import placements
from tavolo.directory.access import get_organization_or_404, get_placement_or_404
from tavolo.directory.forms import PlacementForm
from tavolo.directory.models import InternshipPlacement
from tavolo.directory.queries import (
    CONTACT_WINDOWS,
    PER_PAGE,
    HostFilters,
    host_projects,
    host_sectors,
    hosts_query,
)
from tavolo.editing import STILL_REFERENCED, saving
from tavolo.extensions import db
from tavolo.forms import choices
from tavolo.projects.models import Project


def hosts():
    filters = HostFilters.from_args(request.args)
    page = db.paginate(hosts_query(filters, current_user), per_page=PER_PAGE, error_out=False)
    return htmx.render("directory/hosts.html", "directory/_host_results.html", listing=page,
                       filters=filters, sectors=host_sectors(),
                       projects=host_projects(current_user), windows=CONTACT_WINDOWS,
                       live_update=htmx.wants_fragment())


def _project_choices(form: PlacementForm) -> None:
    rows = db.session.execute(sa.select(Project.id, Project.code, Project.title)
                              .order_by(Project.start_year.desc(), Project.title)).all()
    form.project_id.choices = choices([("", _("— scegli il progetto —"))] + [
        (str(pid), f"{title} ({code})") for pid, code, title in rows])


def _values(form: PlacementForm) -> dict:
    return {"project_id": int(form.project_id.data), "year": form.year.data,
            "interns": form.interns.data, "months": form.months.data,
            "notes": form.notes.data or ""}


def placement_create(org_id: int):
    org = get_organization_or_404(org_id, need="manage")
    if org.host is None:
        abort(404)
    form = PlacementForm()
    _project_choices(form)
    if request.method == "GET" and request.args.get("project", "").isdigit():
        form.project_id.data = request.args["project"]
    if form.validate_on_submit():
        with saving() as saved:
            placements.create_placement(current_user, org, **_values(form))
        if saved:
            flash(_("Tirocini registrati."), "success")
            return htmx.redirect_after_post(url_for("directory.detail", org_id=org.id,
                                                    _anchor="host-heading"))
    return render_template("directory/placement_form.html", form=form, org=org,
                           placement=None), 400 if request.method == "POST" else 200


def placement_edit(placement_id: int):
    placement = get_placement_or_404(placement_id, options=[
        joinedload(InternshipPlacement.organization)])
    org = placement.organization
    form = PlacementForm(obj=placement)
    _project_choices(form)
    if request.method == "GET":
        form.project_id.data = str(placement.project_id)
    if form.validate_on_submit():
        with saving() as saved:
            placements.update_placement(current_user, placement, **_values(form))
        if saved:
            flash(_("Modifiche salvate."), "success")
            return htmx.redirect_after_post(url_for("directory.detail", org_id=org.id,
                                                    _anchor="host-heading"))
    return render_template("directory/placement_form.html", form=form, org=org,
                           placement=placement), 400 if request.method == "POST" else 200


def placement_delete(placement_id: int):
    placement = get_placement_or_404(placement_id, options=[
        joinedload(InternshipPlacement.organization), joinedload(InternshipPlacement.project)])
    org_id = placement.organization_id
    if request.method == "POST":
        with saving(conflict_message=STILL_REFERENCED) as saved:
            placements.delete_placement(current_user, placement)
        if saved:
            flash(_("Registrazione dei tirocini eliminata."), "success")
            return htmx.redirect_after_post(url_for("directory.detail", org_id=org_id,
                                                    _anchor="host-heading"))
        placement = get_placement_or_404(placement_id)
    return render_template("directory/placement_delete.html", placement=placement)


def register(bp) -> None:
    bp.add_url_rule("/hosts", view_func=hosts)
    bp.add_url_rule("/organizations/<int:org_id>/placements/new", view_func=placement_create,
                    methods=["GET", "POST"])
    bp.add_url_rule("/placements/<int:placement_id>/edit", view_func=placement_edit,
                    methods=["GET", "POST"])
    bp.add_url_rule("/placements/<int:placement_id>/delete", view_func=placement_delete,
                    methods=["GET", "POST"])
