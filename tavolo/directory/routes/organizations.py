"""Organisation pages of the directory: list, detail, create, edit, delete.

Every page needs a login (anonymous visitors see nothing of the directory); changes are for
coordinators. Views validate, call a service, commit once through ``saving``.
"""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from tavolo import htmx
from tavolo.audit.history import history_view, history_with_children
from tavolo.directory import bp, services
from tavolo.directory import links as organization_links
from tavolo.directory.access import get_organization_or_404, require_manager
from tavolo.directory.forms import OrganizationForm
from tavolo.directory.models import (
    AREA_LABELS,
    KIND_LABELS,
    RING_LABELS,
    Organization,
)
from tavolo.directory.queries import (
    PER_PAGE,
    OrganizationFilters,
    organizations_query,
    people_counts,
)
from tavolo.editing import STILL_REFERENCED, edit_saved, form_status, posted_version, saving
from tavolo.extensions import db


def filter_labels() -> dict:
    return {"rings": RING_LABELS, "kinds": KIND_LABELS, "areas": AREA_LABELS}


@bp.get("/")
def index():
    filters = OrganizationFilters.from_args(request.args)
    page = db.paginate(organizations_query(filters), per_page=PER_PAGE, error_out=False)
    return htmx.render("directory/index.html", "directory/_organization_results.html",
                       listing=page, filters=filters, live_update=htmx.wants_fragment(),
                       counts=people_counts([org.id for org in page.items]), **filter_labels())


@bp.get("/organizations/<int:org_id>")
def detail(org_id: int):
    org = get_organization_or_404(org_id, options=[
        selectinload(Organization.area_rows), selectinload(Organization.host),
        selectinload(Organization.people)])
    sections = organization_links.sections_for([org], current_user)[org.id]
    history = None
    if Organization.can_manage(current_user):
        history = history_with_children("organization", org.id)
    return render_template("directory/organization.html", org=org, sections=sections,
                           **history_view("organization", history))


def _form_values(form: OrganizationForm) -> dict:
    values = {name: form[name].data or ("" if name not in ("active_since", "active_until")
                                        else None)
              for name in services.ORGANIZATION_FIELDS}
    values["areas"] = form.areas.data or []
    values["host"] = None
    if form.hosts_internships.data:
        values["host"] = {
            "sector": form.host_sector.data or "", "places": form.host_places.data or 0,
            "accepts_disability": form.host_accepts_disability.data,
            "conditions": form.host_conditions.data or "",
            "last_contact_on": form.host_last_contact_on.data,
        }
    return values


def _fill_form(form: OrganizationForm, org: Organization) -> None:
    form.kind.data = org.kind.value
    form.ring.data = org.ring.value
    form.areas.data = [area.value for area in org.areas]
    form.version.data = str(org.version)
    host = org.host
    form.hosts_internships.data = host is not None
    if host is not None:
        form.host_sector.data = host.sector
        form.host_places.data = host.places
        form.host_accepts_disability.data = host.accepts_disability
        form.host_conditions.data = host.conditions
        form.host_last_contact_on.data = host.last_contact_on


@bp.route("/organizations/new", methods=["GET", "POST"])
def create():
    require_manager()
    form = OrganizationForm()
    if form.validate_on_submit():
        with saving() as saved:
            org = services.create_organization(current_user, **_form_values(form))
        if saved:
            flash(_("Ente «%(name)s» aggiunto alla rubrica.", name=org.name), "success")
            return htmx.redirect_after_post(url_for("directory.detail", org_id=org.id))
    return render_template("directory/organization_form.html", form=form, org=None), \
        400 if request.method == "POST" else 200


@bp.route("/organizations/<int:org_id>/edit", methods=["GET", "POST"])
def edit(org_id: int):
    org = get_organization_or_404(org_id, need="manage")
    form = OrganizationForm(obj=org)
    if request.method == "GET":
        _fill_form(form, org)
    done = edit_saved(form, lambda: services.update_organization(
        current_user, org, expected_version=form.expected_version, **_form_values(form)),
        url_for("directory.detail", org_id=org.id))
    if done is not None:
        return done
    return render_template("directory/organization_form.html", form=form, org=org), \
        form_status()


@bp.route("/organizations/<int:org_id>/delete", methods=["GET", "POST"])
def delete(org_id: int):
    org = get_organization_or_404(org_id, need="manage", options=[
        selectinload(Organization.people)])
    if request.method == "POST":
        with saving(conflict_message=STILL_REFERENCED) as saved:
            services.delete_organization(current_user, org, expected_version=posted_version())
        if saved:
            flash(_("Ente eliminato dalla rubrica."), "success")
            return htmx.redirect_after_post(url_for("directory.index"))
        org = get_organization_or_404(org_id)
    impact = services.organization_impact(org)
    sections = [s for s in organization_links.sections_for([org], current_user)[org.id]
                if s.key != "projects" and s.items]
    return render_template("directory/organization_delete.html", org=org, impact=impact,
                           sections=sections), 200 if request.method == "GET" else 409
