"""Views of the seminars area: archive, seminar page, editing, topics, registration, .ics."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tavolo import navigation
from tavolo.audit import history
from tavolo.audit.history import history_view
from tavolo.audit.services import history_of
from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import parse_id
from tavolo.calendar import feeds, ical, sources
from tavolo.calendar.sources import CalendarSource
from tavolo.dashboard.blocks import (
    ACTIVITY_SOURCES,
    WELCOME_BLOCKS,
    ActivitySource,
    DashboardBlock,
)
from tavolo.directory import links as organization_links
from tavolo.directory.models import Organization, Person
from tavolo.editing import saved_then, saving
from tavolo.extensions import db, limiter
from tavolo.htmx import render
from tavolo.links import LinkProvider
from tavolo.projects import links as project_links
from tavolo.projects.models import Project
from tavolo.seminars import bp, calendar_source, dashboard, queries, services
from tavolo.seminars.access import get_seminar_or_404, get_topic_or_404
from tavolo.seminars.forms import ConfirmForm, RegistrationForm, SeminarForm, TopicForm
from tavolo.seminars.models import Registration
from tavolo.types import utcnow
from tavolo.visibility import Visibility


def _me():
    """The logged-in user as a model object (services attach it to relationships)."""
    return current_user._get_current_object()


@bp.record_once
def _register(state) -> None:
    app = state.app
    navigation.add(app, "seminars.index", _l("Seminari"), 24, "everyone", "seminars")
    WELCOME_BLOCKS.add(app, DashboardBlock(
        key="seminar", title=_l("Il prossimo seminario"), template="seminars/_welcome.html",
        load=dashboard.next_public_seminar, order=20))
    ACTIVITY_SOURCES.add(app, ActivitySource(key="seminars", load=dashboard.added))
    history.VOCABULARY.add(app, history.Vocabulary(
        key="seminars", types={"seminar": _l("Seminario"), "topic": _l("Tema")},
        fields={"starts_at": _l("Inizio"), "ends_at": _l("Fine"), "place": _l("Luogo"),
                "online_url": _l("Collegamento"), "abstract": _l("Presentazione"),
                "places": _l("Posti"), "registration_enabled": _l("Iscrizioni aperte"),
                "speakers": _l("Relatori"), "topics": _l("Temi"), "projects": _l("Progetti"),
                "organizations": _l("Enti")}))
    sources.CALENDAR_SOURCES.add(app, CalendarSource(
        key=calendar_source.SOURCE_KEY, load=calendar_source.load_entries, order=20,
        categories={calendar_source.CATEGORY: _l("Seminario")}, state=calendar_source.state))
    project_links.PROJECT_LINKS.add(app, LinkProvider(
        key="seminars", title=_l("Seminari"), order=40,
        template="seminars/_linked.html", load=queries.seminars_for_projects))
    organization_links.ORGANIZATION_LINKS.add(app, LinkProvider(
        key="seminars", title=_l("Seminari organizzati"), order=40,
        template="seminars/_linked.html", load=queries.seminars_for_organizations))


# -- archive and page ------------------------------------------------------------------------

def _filters() -> queries.ArchiveFilters:
    year = request.args.get("year", "")
    topic = request.args.get("topic", "")
    return queries.ArchiveFilters(
        q=" ".join(request.args.get("q", "").split())[:queries.MAX_QUERY],
        year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
        topic_id=parse_id(topic) if topic.isdigit() else None)


@bp.get("/")
def index():
    """The archive: by year and topic, with a text filter; htmx swaps only the results."""
    filters = _filters()
    page = db.paginate(queries.archive_query(current_user, filters),
                       per_page=queries.PER_PAGE, error_out=False)
    now = utcnow()
    return render("seminars/index.html", "seminars/_results.html", listing=page,
                  filters=filters, years=queries.archive_years(current_user),
                  topics=queries.all_topics(), now=now,
                  upcoming=[] if filters.active or page.page > 1
                  else queries.upcoming(current_user, now))


@bp.get("/<int:seminar_id>")
def detail(seminar_id: int):
    seminar = get_seminar_or_404(seminar_id)
    manage = seminar.can_manage(current_user)
    registrations = []
    if seminar.can_see_registrations(current_user) and seminar.registration_enabled:
        registrations = list(db.session.scalars(
            sa.select(Registration).where(Registration.seminar_id == seminar.id)
            .order_by(Registration.created_at)))
    return render_template(
        "seminars/detail.html", seminar=seminar, manage=manage,
        my_registration=services.registration_of(seminar, _me()),
        registrations=registrations,
        visible_projects=[p for p in seminar.projects if p.can_view(current_user)],
        **history_view("seminar", history_of("seminar", seminar.id) if manage else None))


@bp.get("/<int:seminar_id>.ics")
def ics(seminar_id: int):
    """One seminar as an ``.ics`` file, for whoever may see it (404 otherwise)."""
    seminar = get_seminar_or_404(seminar_id)
    entry = calendar_source.entry_for(seminar, details=True)
    body = ical.to_bytes(ical.entries_calendar(
        [entry], reminder_minutes=feeds.reminder_of(current_user), stamp=utcnow()))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="seminario-{seminar.local_start:%Y-%m-%d}-{seminar.id}.ics"')
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# -- editing ---------------------------------------------------------------------------------

def _fill_choices(form: SeminarForm) -> None:
    people = db.session.execute(
        sa.select(Person.id, Person.name, Organization.short_name, Organization.name)
        .outerjoin(Organization, Person.organization_id == Organization.id)
        .order_by(Person.name, Person.id)).all()
    form.speaker_ids.choices = [
        (pid, f"{name} ({short or org})" if (short or org) else name)
        for pid, name, short, org in people]
    form.topic_ids.choices = [(t.id, t.name) for t in queries.all_topics()]
    form.project_ids.choices = [(pid, f"{code} – {title}") for pid, code, title in
                                db.session.execute(sa.select(Project.id, Project.code,
                                                             Project.title)
                                                   .order_by(Project.code))]
    form.organization_ids.choices = [(oid, name) for oid, name in db.session.execute(
        sa.select(Organization.id, Organization.name).order_by(Organization.name))]


def _data(form: SeminarForm) -> services.SeminarData:
    return services.SeminarData(
        title=form.title.data or "", day=form.day.data, start=form.start.data,
        end=form.end.data, place=form.place.data or "", online_url=form.online_url.data or "",
        abstract=form.abstract.data or "", visibility=Visibility(form.visibility.data),
        speaker_ids=list(form.speaker_ids.data or []),
        external_speakers=form.external_speakers.data or "",
        topic_ids=list(form.topic_ids.data or []), project_ids=list(form.project_ids.data or []),
        organization_ids=list(form.organization_ids.data or []),
        registration_enabled=bool(form.registration_enabled.data), places=form.places.data)


def _detail_url(seminar) -> str:
    return url_for("seminars.detail", seminar_id=seminar.id)


def _form_page(form: SeminarForm, seminar):
    return render_template("seminars/form.html", form=form, seminar=seminar), \
        400 if form.errors or form.form_errors else 200


@bp.route("/new", methods=["GET", "POST"])
@coordinator_required
def create():
    form = SeminarForm()
    _fill_choices(form)
    if request.method == "GET":
        form.start.data, form.end.data = dt.time(9, 30), dt.time(13, 0)
    done = saved_then(form, lambda: services.create_seminar(_me(), _data(form)),
                      _("Seminario creato: ora puoi allegare i materiali."), _detail_url)
    return done if done is not None else _form_page(form, None)


@bp.route("/<int:seminar_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit(seminar_id: int):
    seminar = get_seminar_or_404(seminar_id, need="manage")
    form = SeminarForm(obj=seminar) if request.method == "GET" else SeminarForm()
    _fill_choices(form)
    if request.method == "GET":
        form.visibility.data = seminar.visibility.value
        form.day.data = seminar.local_start.date()
        form.start.data, form.end.data = seminar.local_start.time(), seminar.local_end.time()
        form.speaker_ids.data = [s.person_id for s in seminar.speakers if s.person_id]
        form.external_speakers.data = "\n".join(
            f"{s.name} – {s.affiliation}" if s.affiliation else s.name
            for s in seminar.speakers if s.person_id is None)
        form.topic_ids.data = [t.id for t in seminar.topics]
        form.project_ids.data = [p.id for p in seminar.projects]
        form.organization_ids.data = [o.id for o in seminar.organizations]
    done = saved_then(form, lambda: services.update_seminar(seminar, _me(), _data(form)),
                      _("Modifiche salvate."), _detail_url(seminar))
    return done if done is not None else _form_page(form, seminar)


@bp.route("/<int:seminar_id>/delete", methods=["GET", "POST"])
@coordinator_required
def delete(seminar_id: int):
    seminar = get_seminar_or_404(seminar_id, need="manage")
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_seminar(seminar, _me())
        db.session.commit()
        flash(_("Seminario eliminato."), "success")
        return redirect(url_for("seminars.index"), code=303)
    return render_template("seminars/delete.html", seminar=seminar, form=form)


# -- topics ----------------------------------------------------------------------------------

@bp.route("/topics", methods=["GET", "POST"])
@coordinator_required
def topics():
    """The controlled list of topics: add, rename, remove unused ones."""
    form = TopicForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            services.add_topic(_me(), form.name.data)
        if saved:
            flash(_("Tema aggiunto."), "success")
            return redirect(url_for("seminars.topics"), code=303)
    return render_template("seminars/topics.html", form=form, topics=queries.all_topics()), \
        400 if form.errors else 200


@bp.post("/topics/<int:topic_id>")
@coordinator_required
def rename_topic(topic_id: int):
    topic = get_topic_or_404(topic_id)
    with saving() as saved:
        services.rename_topic(topic, _me(), request.form.get("name", ""))
    if saved:
        flash(_("Tema rinominato."), "success")
    return redirect(url_for("seminars.topics"), code=303)


@bp.post("/topics/<int:topic_id>/delete")
@coordinator_required
def delete_topic(topic_id: int):
    topic = get_topic_or_404(topic_id)
    with saving() as saved:
        services.delete_topic(topic, _me())
    if saved:
        flash(_("Tema eliminato."), "success")
    return redirect(url_for("seminars.topics"), code=303)


# -- registration ----------------------------------------------------------------------------

@bp.route("/<int:seminar_id>/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"], scope="seminar-register")
def register(seminar_id: int):
    """Sign up: a logged-in reader with one click, a visitor with name and e-mail."""
    seminar = get_seminar_or_404(seminar_id)
    form = RegistrationForm()
    member = current_user.is_authenticated
    # A logged-in reader registers with the account's name and address (only the CSRF
    # token is checked); a visitor fills in the form.
    if (ConfirmForm() if member else form).validate_on_submit():
        name, email = (current_user.name, current_user.email) if member else (
            form.name.data, form.email.data)
        with saving(form) as saved:
            services.register(seminar, name=name, email=email, user=_me() if member else None)
        if saved:
            flash(_("Iscrizione registrata: ti abbiamo inviato una e-mail di conferma."),
                  "success")
            return redirect(url_for("seminars.detail", seminar_id=seminar.id), code=303)
    if not seminar.can_register(current_user) and request.method == "GET":
        flash(_("Le iscrizioni a questo seminario sono chiuse."), "warning")
        return redirect(url_for("seminars.detail", seminar_id=seminar.id), code=303)
    return render_template("seminars/register.html", seminar=seminar, form=form), \
        400 if form.errors or form.form_errors else 200


@bp.post("/<int:seminar_id>/unregister")
def unregister(seminar_id: int):
    seminar = get_seminar_or_404(seminar_id)
    form = ConfirmForm()
    registration = services.registration_of(seminar, _me())
    if form.validate_on_submit() and registration is not None:
        services.cancel_registration(registration)
        db.session.commit()
        flash(_("Iscrizione annullata."), "success")
    return redirect(url_for("seminars.detail", seminar_id=seminar.id), code=303)
