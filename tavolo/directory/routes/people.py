"""People of the directory (``referenti``): list, card, vCard, and the coordinator's edits."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Response, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from tavolo import htmx
from tavolo.audit.history import history_view
from tavolo.audit.services import history_of
from tavolo.auth.models import User
from tavolo.bounds import parse_id
from tavolo.directory import bp, services, vcard
from tavolo.directory.access import get_organization_or_404, get_person_or_404, require_manager
from tavolo.directory.forms import PersonForm
from tavolo.directory.models import Person
from tavolo.directory.queries import PER_PAGE, PeopleFilters, organization_choices, people_query
from tavolo.editing import STILL_REFERENCED, edit_saved, form_status, posted_version, saving
from tavolo.extensions import db
from tavolo.forms import choices

_WITH_ORG = (joinedload(Person.organization), joinedload(Person.user))


@bp.get("/people")
def people():
    filters = PeopleFilters.from_args(request.args)
    page = db.paginate(people_query(filters), per_page=PER_PAGE, error_out=False)
    return htmx.render("directory/people.html", "directory/_people_results.html", listing=page,
                       filters=filters, organizations=organization_choices(),
                       live_update=htmx.wants_fragment())


@bp.get("/people/<int:person_id>")
def person_detail(person_id: int):
    person = get_person_or_404(person_id, options=_WITH_ORG)
    history = history_of("person", person.id) if Person.can_manage(current_user) else None
    return render_template("directory/person.html", person=person,
                           **history_view("person", history))


@bp.get("/people/<int:person_id>.vcf")
def person_vcard(person_id: int):
    """The contact as a .vcf file that address books import."""
    person = get_person_or_404(person_id, options=_WITH_ORG)
    if not Person.can_view_contacts(current_user):
        return Response(status=403)
    host = urlsplit(current_app.config.get("PUBLIC_URL") or request.host_url).hostname
    return Response(vcard.person_vcard(person, host or "tavolo"),
                    mimetype="text/vcard", headers={
                        "Content-Disposition":
                            f'attachment; filename="{vcard.filename_for(person)}"'})


def _choices(form: PersonForm, person: Person | None) -> None:
    form.organization_id.choices = choices([("", _("— nessun ente —"))] + [
        (str(org_id), name) for org_id, name in organization_choices()])
    taken = sa.select(Person.user_id).where(Person.user_id.is_not(None))
    if person is not None:
        taken = taken.where(Person.id != person.id)
    users = db.session.execute(
        sa.select(User.id, User.name, User.email).where(User.id.not_in(taken))
        .order_by(User.name)).all()
    form.user_id.choices = choices([("", _("— nessun account —"))] + [
        (str(user_id), f"{name} <{email}>") for user_id, name, email in users])


def _values(form: PersonForm) -> dict:
    return {
        "name": form.name.data, "role": form.role.data or "",
        "organization_id": int(form.organization_id.data) if form.organization_id.data else None,
        "email": form.email.data or "", "phone": form.phone.data or "",
        "notes": form.notes.data or "",
        "user_id": int(form.user_id.data) if form.user_id.data else None,
    }


@bp.route("/people/new", methods=["GET", "POST"])
def person_create():
    require_manager()
    form = PersonForm()
    _choices(form, None)
    if request.method == "GET" and request.args.get("organization", "").isdigit():
        org = get_organization_or_404(parse_id(request.args["organization"]))
        form.organization_id.data = str(org.id)
    if form.validate_on_submit():
        with saving() as saved:
            person = services.create_person(current_user, **_values(form))
        if saved:
            flash(_("%(name)s aggiunta/o alla rubrica.", name=person.name), "success")
            return htmx.redirect_after_post(url_for("directory.person_detail",
                                                    person_id=person.id))
    return render_template("directory/person_form.html", form=form, person=None), \
        400 if request.method == "POST" else 200


@bp.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
def person_edit(person_id: int):
    person = get_person_or_404(person_id, need="manage", options=_WITH_ORG)
    form = PersonForm(obj=person)
    _choices(form, person)
    if request.method == "GET":
        form.organization_id.data = str(person.organization_id or "")
        form.user_id.data = str(person.user_id or "")
        form.version.data = str(person.version)
    done = edit_saved(form, lambda: services.update_person(
        current_user, person, expected_version=form.expected_version, **_values(form)),
        url_for("directory.person_detail", person_id=person.id))
    if done is not None:
        return done
    return render_template("directory/person_form.html", form=form, person=person), \
        form_status()


@bp.route("/people/<int:person_id>/delete", methods=["GET", "POST"])
def person_delete(person_id: int):
    person = get_person_or_404(person_id, need="manage", options=_WITH_ORG)
    if request.method == "POST":
        org_id = person.organization_id
        with saving(conflict_message=STILL_REFERENCED) as saved:
            services.delete_person(current_user, person, expected_version=posted_version())
        if saved:
            flash(_("Persona eliminata dalla rubrica."), "success")
            target = url_for("directory.detail", org_id=org_id) if org_id else \
                url_for("directory.people")
            return htmx.redirect_after_post(target)
        person = get_person_or_404(person_id, options=_WITH_ORG)
    return render_template("directory/person_delete.html", person=person), \
        200 if request.method == "GET" else 409
