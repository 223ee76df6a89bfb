"""Local businesses that host internships: the filtered list for finding a host, and the
internships each one hosted (recorded by the coordinator from the business's page)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload

from tavolo import htmx
from tavolo.audit import history
from tavolo.directory.access import get_organization_or_404
from tavolo.directory.links import ORGANIZATION_LINKS
from tavolo.directory.models import Organization
from tavolo.directory.queries import PER_PAGE
from tavolo.directory.services import ORGANIZATION_REFERENCES, OrganizationReference
from tavolo.editing import STILL_REFERENCED, saving
from tavolo.extensions import db, login_manager
from tavolo.forms import choices
from tavolo.internships import bp
from tavolo.internships import services as placements
from tavolo.internships.access import get_placement_or_404
from tavolo.internships.forms import PlacementForm
from tavolo.internships.queries import (
    CONTACT_WINDOWS,
    HostFilters,
    host_projects,
    host_sectors,
    hosts_query,
)
from tavolo.links import LinkProvider
from tavolo.projects.models import InternshipPlacement, Project


@bp.record_once
def _plug_in(state) -> None:
    ORGANIZATION_LINKS.add(state.app, LinkProvider(
        key="placements", title=_l("Tirocini ospitati"), order=5, only_listed=True,
        template="internships/_organization_placements.html",
        load=placements.placements_for_organizations))
    ORGANIZATION_REFERENCES.add(state.app, OrganizationReference(
        key="internships", assess=placements.assess_organization, order=20))
    history.PARTS.add(state.app, history.HistoryPart(
        key="organization-placements", parent_type="organization", object_type="placement",
        parent_key="organization_id", current_ids=placements.current_placement_ids))
    history.VOCABULARY.add(state.app, history.Vocabulary(
        key="internships", types={"placement": _l("Tirocini ospitati")},
        fields={"interns": _l("Tirocinanti"), "months": _l("Mesi")}))


@bp.before_request
def _logged_in_only():
    """Like the rest of the directory: anonymous visitors are asked to log in."""
    if not Organization.can_view(current_user):
        return login_manager.unauthorized()
    return None


@bp.get("/hosts")
def hosts():
    filters = HostFilters.from_args(request.args)
    page = db.paginate(hosts_query(filters, current_user), per_page=PER_PAGE, error_out=False)
    return htmx.render("internships/hosts.html", "internships/_host_results.html", listing=page,
                       filters=filters, sectors=[(s, s) for s in host_sectors()],
                       projects=host_projects(current_user),
                       windows=[(months, _("negli ultimi %(num)d mesi", num=months))
                                for months in CONTACT_WINDOWS],
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


def _placement_page(form, org, placement, change, message):
    """Run ``change(**values)`` for a valid form and go back to the host's section of the
    organisation page; otherwise show the form (again)."""
    _project_choices(form)
    if form.validate_on_submit():
        with saving() as saved:
            change(**_values(form))
        if saved:
            flash(message, "success")
            return htmx.redirect_after_post(url_for("directory.detail", org_id=org.id,
                                                    _anchor="host-heading"))
    return render_template("internships/placement_form.html", form=form, org=org,
                           placement=placement), 400 if request.method == "POST" else 200


@bp.route("/organizations/<int:org_id>/placements/new", methods=["GET", "POST"])
def placement_create(org_id: int):
    org = get_organization_or_404(org_id, need="manage")
    if org.host is None:
        abort(404)
    form = PlacementForm()
    if request.method == "GET" and request.args.get("project", "").isdigit():
        form.project_id.data = request.args["project"]
    return _placement_page(form, org, None,
                           lambda **values: placements.create_placement(current_user, org,
                                                                        **values),
                           _("Tirocini registrati."))


@bp.route("/placements/<int:placement_id>/edit", methods=["GET", "POST"])
def placement_edit(placement_id: int):
    placement = get_placement_or_404(placement_id, options=[
        joinedload(InternshipPlacement.organization)])
    org = placement.organization
    form = PlacementForm(obj=placement)
    if request.method == "GET":
        form.project_id.data = str(placement.project_id)
    return _placement_page(form, org, placement,
                           lambda **values: placements.update_placement(current_user, placement,
                                                                        **values),
                           _("Modifiche salvate."))


@bp.route("/placements/<int:placement_id>/delete", methods=["GET", "POST"])
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
    return render_template("internships/placement_delete.html", placement=placement)
