"""Projects: the public list and pages, the funding overview, and the coordinator's edits.

Anonymous visitors see public projects and the funding of public projects; every list,
total and page is filtered by ``visible_levels`` of the reader.
"""

from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from tavolo import htmx
from tavolo.audit.history import history_view, history_with_children
from tavolo.bounds import db_int
from tavolo.directory.models import Organization
from tavolo.editing import STILL_REFERENCED, edit_saved, form_status, posted_version, saving
from tavolo.extensions import db
from tavolo.forms import choices
from tavolo.projects import bp, funding, services
from tavolo.projects import links as project_links
from tavolo.projects.access import get_project_or_404, require_manager
from tavolo.projects.charts import funding_chart
from tavolo.projects.forms import ProjectForm
from tavolo.projects.models import (
    STATUS_LABELS,
    TARGET_LABELS,
    Deliberation,
    InternshipPlacement,
    Objective,
    Project,
)
from tavolo.projects.queries import (
    PER_PAGE,
    ProjectFilters,
    funding_by_project,
    organization_choices,
    projects_query,
    totals,
    year_choices,
)


@bp.get("/")
def index():
    filters = ProjectFilters.from_args(request.args)
    page = db.paginate(projects_query(filters, current_user), per_page=PER_PAGE,
                       error_out=False)
    return htmx.render("projects/index.html", "projects/_results.html", listing=page,
                       filters=filters, amounts=funding_by_project([p.id for p in page.items]),
                       totals=totals(filters, current_user), live_update=htmx.wants_fragment(),
                       years=year_choices(current_user),
                       organizations=organization_choices(current_user),
                       statuses=STATUS_LABELS, targets=TARGET_LABELS)


@bp.get("/<int:project_id>")
def detail(project_id: int):
    project = get_project_or_404(project_id, options=[
        joinedload(Project.lead_organization), selectinload(Project.partners),
        selectinload(Project.objectives), selectinload(Project.target_rows),
        selectinload(Project.deliberations).joinedload(Deliberation.beneficiary),
        selectinload(Project.outcomes),
        selectinload(Project.placements).joinedload(InternshipPlacement.organization)])
    periods = funding.per_period_of(project.deliberations)
    history = None
    if Project.can_manage(current_user):
        history = history_with_children("project", project.id, [
            ("deliberation", "project_id", [d.id for d in project.deliberations]),
            ("outcome", "project_id", [o.id for o in project.outcomes]),
            ("placement", "project_id", [p.id for p in project.placements])])
    return render_template(
        "projects/detail.html", project=project, periods=periods,
        total=funding.total_of(periods),
        chart=funding_chart(periods, _("Contributo"), _("Spesa complessiva")),
        sections=project_links.sections_for([project], current_user)[project.id],
        **history_view("project", history))


def _choices(form: ProjectForm, partners: list[str] = ()) -> None:
    """Options of the form; the current partners come first so the long list shows them."""
    orgs = [(str(org_id), name) for org_id, name in db.session.execute(
        db.select(Organization.id, Organization.name).order_by(Organization.name))]
    form.lead_organization_id.choices = choices([("", _("— nessun capofila —"))] + orgs)
    form.partner_ids.choices = choices(sorted(orgs, key=lambda o: o[0] not in partners))
    form.objective_ids.choices = choices(
        (str(o.id), f"{o.position}. {o.text}") for o in db.session.scalars(
            db.select(Objective).order_by(Objective.position)))


def _values(form: ProjectForm) -> dict:
    values = {name: form[name].data for name in services.PROJECT_FIELDS}
    values["lead_organization_id"] = int(values["lead_organization_id"]) \
        if values["lead_organization_id"] else None
    values["summary"] = values["summary"] or ""
    values["description"] = values["description"] or ""
    return values | {"partner_ids": form.partner_ids.data or [],
                     "target_groups": form.target_groups.data or [],
                     "objective_ids": form.objective_ids.data or []}


@bp.route("/new", methods=["GET", "POST"])
def create():
    require_manager()
    form = ProjectForm()
    _choices(form)
    if form.validate_on_submit():
        with saving() as saved:
            project = services.create_project(current_user, **_values(form))
        if saved:
            flash(_("Progetto «%(title)s» creato.", title=project.title), "success")
            return htmx.redirect_after_post(url_for("projects.detail", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None), \
        400 if request.method == "POST" else 200


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int):
    project = get_project_or_404(project_id, need="manage", options=[
        selectinload(Project.partners), selectinload(Project.objectives),
        selectinload(Project.target_rows)])
    form = ProjectForm(obj=project)
    _choices(form, [str(o.id) for o in project.partners])
    if request.method == "GET":
        form.status.data = project.status.value
        form.visibility.data = project.visibility.value
        form.lead_organization_id.data = str(project.lead_organization_id or "")
        form.partner_ids.data = [str(o.id) for o in project.partners]
        form.objective_ids.data = [str(o.id) for o in project.objectives]
        form.target_groups.data = [g.value for g in project.target_groups]
        form.version.data = str(project.version)
    done = edit_saved(form, lambda: services.update_project(
        current_user, project, expected_version=form.expected_version, **_values(form)),
        url_for("projects.detail", project_id=project.id))
    if done is not None:
        return done
    return render_template("projects/form.html", form=form, project=project), form_status()


@bp.route("/<int:project_id>/delete", methods=["GET", "POST"])
def delete(project_id: int):
    options = [selectinload(Project.deliberations), selectinload(Project.placements),
               selectinload(Project.outcomes), selectinload(Project.partners)]
    project = get_project_or_404(project_id, need="manage", options=options)
    if request.method == "POST":
        linked = project_links.sections_for([project], current_user)[project.id]
        with saving(conflict_message=STILL_REFERENCED) as saved:
            services.delete_project(
                current_user, project, expected_version=posted_version(),
                linked_sections=linked)
        if saved:
            flash(_("Progetto eliminato."), "success")
            return htmx.redirect_after_post(url_for("projects.index"))
        project = get_project_or_404(project_id, need="manage", options=options)
    impact = services.project_impact(project, project_links.sections_for([project], current_user)[
        project.id])
    return render_template("projects/delete.html", project=project, impact=impact), \
        200 if request.method == "GET" else 409


def _year_arg(name: str) -> int | None:
    """A year of the funding filter: 400 past the database's integers, ignored outside
    1900–2100 (no deliberation is dated there)."""
    year = request.args.get(name, type=db_int)
    return year if year is not None and 1900 <= year <= 2100 else None


@bp.get("/funding")
def funding_overview():
    """Contributions and total spend across the whole history, per period, organisation,
    target group and project: public figures for public projects."""
    first, last = _year_arg("from"), _year_arg("to")
    data = funding.overview(current_user, first, last)
    # The organisation table has a row per funded organisation (1,600 at 100× the district):
    # its links share one built address instead of a ``url_for`` each
    # (and the reader's sign-in is looked up once, not through ``current_user`` on each row).
    org_url = url_for("directory.detail", org_id=0).removesuffix("0")
    return render_template(
        "projects/funding.html", data=data, first=first, last=last, org_url=org_url,
        link_organizations=current_user.is_authenticated,
        chart=funding_chart(data.periods, _("Contributo"), _("Spesa complessiva")))


