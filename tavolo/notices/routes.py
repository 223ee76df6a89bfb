"""Views of the notice board: board, archive, notice page, posting and editing, the
coordinator's queue and settings, and the public Atom feed."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tavolo import navigation
from tavolo.audit import history
from tavolo.audit.history import history_view
from tavolo.audit.services import history_of
from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import parse_id
from tavolo.dashboard.blocks import (
    ACTIVITY_SOURCES,
    DASHBOARD_BLOCKS,
    WELCOME_BLOCKS,
    ActivitySource,
    DashboardBlock,
)
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.forms import choices
from tavolo.htmx import render
from tavolo.notices import bp, dashboard, feed, queries, services
from tavolo.notices.access import get_notice_or_404
from tavolo.notices.forms import (
    ConfirmForm,
    NoticeForm,
    RejectForm,
    SettingsForm,
    visibility_choices,
)
from tavolo.notices.models import Notice, NoticeKind, NoticeStatus
from tavolo.projects.models import Project
from tavolo.templating import render_markdown
from tavolo.visibility import visible_levels


def _me():
    """The logged-in user as a model object."""
    return current_user._get_current_object()


VOCABULARY = history.Vocabulary(
    key="notices",
    types={"notice": _l("Avviso"), "notice_settings": _l("Impostazioni della bacheca")},
    fields={"body": _l("Testo"), "deadline": _l("Scadenza"),
            "expires_on": _l("In bacheca fino al"), "rejection_reason": _l("Motivo"),
            "email_requested": _l("Invia per e-mail alla rete"),
            "announced_at": _l("E-mail inviata il"), "published_at": _l("Pubblicato il"),
            "reviewed_by_id": _l("Approvato o respinto da"), "author_id": _l("Autore"),
            "others_may_post": _l("I partner e i membri possono pubblicare avvisi"),
            "approval_required": _l("Gli avvisi dei partner e dei membri richiedono "
                                    "l'approvazione del coordinamento")},
    references={"reviewed_by_id": "user", "author_id": "user"},
    order=60)


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "notices.index", _l("Bacheca"), 26, "everyone", "notices")
    history.VOCABULARY.add(state.app, VOCABULARY)
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="notices", title=_l("Dalla bacheca"), template="notices/_board.html",
        load=dashboard.board_for, order=50))
    WELCOME_BLOCKS.add(state.app, DashboardBlock(
        key="public-notices", title=_l("Avvisi della rete"), template="notices/_board.html",
        load=dashboard.public_board, order=10))
    ACTIVITY_SOURCES.add(state.app, ActivitySource(key="notices", load=dashboard.published))


def _kind_arg() -> NoticeKind | None:
    try:
        return NoticeKind(request.args.get("kind", ""))
    except ValueError:
        return None


def _year_arg() -> int | None:
    year = request.args.get("year", "")
    return int(year) if year.isdigit() and 1900 < int(year) < 2200 else None


# -- board, archive, page --------------------------------------------------------------------

@bp.get("/")
def index():
    """The board: current notices the reader may see, deadlines soonest first."""
    kind = _kind_arg()
    listing = db.paginate(queries.board_query(current_user, kind), per_page=queries.PER_PAGE,
                          error_out=False)
    settings = services.board_settings()
    reviewer = Notice.can_review(current_user)
    return render("notices/index.html", "notices/_list.html", listing=listing, kind=kind,
                  kinds=NoticeKind, can_post=settings.can_post(current_user),
                  mine=queries.not_published_of(current_user),
                  pending=queries.pending_count() if reviewer else 0, reviewer=reviewer)


@bp.get("/archive")
def archive():
    """Expired notices, by kind and year."""
    filters = queries.ArchiveFilters(kind=_kind_arg(), year=_year_arg())
    listing = db.paginate(queries.archive_query(current_user, filters),
                          per_page=queries.PER_PAGE, error_out=False)
    return render("notices/archive.html", "notices/_list.html", listing=listing,
                  filters=filters, kinds=NoticeKind, years=queries.archive_years(current_user),
                  archived=True)


@bp.get("/<int:notice_id>")
def detail(notice_id: int):
    notice = get_notice_or_404(notice_id)
    editor = notice.can_edit(current_user)
    return render_template(
        "notices/detail.html", notice=notice, editor=editor,
        reviewer=notice.can_review(current_user),
        project=notice.project if notice.project and notice.project.can_view(current_user)
        else None,
        reject_form=RejectForm(), confirm_form=ConfirmForm(),
        **history_view("notice", history_of("notice", notice.id) if editor else None))


@bp.get("/feed.atom")
def feed_atom():
    """Public notices still on the board, as Atom; cacheable (ETag and Last-Modified)."""
    count, last_id, last_change = queries.feed_state()
    modified = feed.last_modified(last_change)
    etag = hashlib.sha256(f"{count}:{last_id}:{modified.isoformat()}:{request.host_url}:"
                          f"{get_locale()}".encode()).hexdigest()[:32]
    response = Response(mimetype="application/atom+xml")
    response.set_etag(etag)
    response.last_modified = modified
    response.cache_control.public = True
    response.cache_control.max_age = 600
    response.vary.add("Accept-Language")
    response.make_conditional(request)
    if response.status_code == 304:
        return response
    response.set_data(feed.atom(
        queries.public_feed(), title=_("Bacheca – %(site)s", site=current_app.config.get(
            "SITE_NAME", "Tavolo")),
        subtitle=_("Bandi, opportunità di lavoro e formazione, eventi e novità normative "
                   "della rete."),
        feed_url=url_for("notices.feed_atom", _external=True),
        board_url=url_for("notices.index", _external=True),
        link_for=lambda n: url_for("notices.detail", notice_id=n.id, _external=True),
        html_for=lambda n: str(render_markdown(n.body)), kind_label=lambda n: n.kind.label,
        updated=modified, language=str(get_locale())))
    return response


# -- posting and editing ---------------------------------------------------------------------

def _fill_choices(form: NoticeForm) -> None:
    """The projects the author may see (a notice links only what its author can read)."""
    projects = db.session.execute(
        sa.select(Project.id, Project.code, Project.title)
        .where(Project.visibility.in_(visible_levels(current_user))).order_by(Project.code))
    form.project_id.choices = choices([("", "—")] + [(str(pid), f"{code} – {title}")
                                                     for pid, code, title in projects])


def _data(form: NoticeForm) -> services.NoticeData:
    raw = form.project_id.data or ""
    return services.NoticeData(
        kind=form.kind.data, title=form.title.data or "", body=form.body.data or "",
        visibility=form.visibility.data, deadline=form.deadline.data,
        expires_on=form.expires_on.data, project_id=parse_id(raw) if raw else None,
        email_requested=bool(form.email_requested.data))


def _say(outcome: services.Outcome) -> None:
    if outcome.pending:
        flash(_("Avviso inviato: sarà in bacheca quando il coordinamento lo avrà approvato."),
              "success")
    else:
        flash(_("Avviso pubblicato in bacheca."), "success")
    if outcome.mailed:
        flash(_("E-mail in partenza a %(num)d persone della rete.", num=outcome.mailed), "info")
    if outcome.sanitised:
        flash(_("Il testo conteneva codice non ammesso (per esempio script, stili o HTML "
                "attivo): non viene mostrato nella pagina dell'avviso. Controlla il testo."),
              "warning")


def _form_page(form: NoticeForm, notice: Notice | None):
    form.visibility.choices = visibility_choices(current_user)
    return render_template("notices/form.html", form=form, notice=notice), \
        400 if form.errors or form.form_errors else 200


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not services.board_settings().can_post(current_user):
        abort(403)
    form = NoticeForm()
    _fill_choices(form)
    if form.validate_on_submit():
        with saving(form) as saved:
            outcome = services.create_notice(_me(), _data(form))
        if saved:
            _say(outcome)
            return redirect(url_for("notices.detail", notice_id=outcome.notice.id), code=303)
    return _form_page(form, None)


@bp.route("/<int:notice_id>/edit", methods=["GET", "POST"])
@login_required
def edit(notice_id: int):
    notice = get_notice_or_404(notice_id, need="edit")
    form = NoticeForm(obj=notice) if request.method == "GET" else NoticeForm()
    _fill_choices(form)
    if request.method == "GET":
        form.kind.data = notice.kind.value
        form.visibility.data = notice.visibility.value
        form.project_id.data = str(notice.project_id or "")
    if form.validate_on_submit():
        with saving(form) as saved:
            outcome = services.update_notice(notice, _me(), _data(form))
        if saved:
            _say(outcome)
            return redirect(url_for("notices.detail", notice_id=notice.id), code=303)
    return _form_page(form, notice)


@bp.route("/<int:notice_id>/delete", methods=["GET", "POST"])
@login_required
def delete(notice_id: int):
    notice = get_notice_or_404(notice_id, need="edit")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            services.delete_notice(notice, _me())
        if saved:
            flash(_("Avviso eliminato."), "success")
            return redirect(url_for("notices.index"), code=303)
    return render_template("notices/delete.html", notice=notice, form=form)


# -- the coordinator: queue, approval, settings ----------------------------------------------

@bp.get("/queue")
@coordinator_required
def queue():
    listing = db.paginate(queries.pending_queue(), per_page=queries.PER_PAGE, error_out=False)
    return render_template("notices/queue.html", listing=listing, reject_form=RejectForm(),
                           confirm_form=ConfirmForm())


@bp.post("/<int:notice_id>/approve")
@coordinator_required
def approve(notice_id: int):
    notice = get_notice_or_404(notice_id, need="review")
    form = ConfirmForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            outcome = services.approve(notice, _me())
        if saved:
            flash(_("Avviso approvato e pubblicato."), "success")
            if outcome.mailed:
                flash(_("E-mail in partenza a %(num)d persone della rete.",
                        num=outcome.mailed), "info")
    return redirect(request.form.get("next") == "queue" and url_for("notices.queue")
                    or url_for("notices.detail", notice_id=notice.id), code=303)


@bp.route("/<int:notice_id>/reject", methods=["GET", "POST"])
@coordinator_required
def reject(notice_id: int):
    notice = get_notice_or_404(notice_id, need="review")
    if notice.status != NoticeStatus.PENDING:
        flash(_("Questo avviso non è in attesa di approvazione: non c'è nulla da respingere."),
              "info")
        return redirect(url_for("notices.detail", notice_id=notice.id), code=303)
    form = RejectForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            services.reject(notice, _me(), form.reason.data)
        if saved:
            flash(_("Avviso respinto: chi l'ha scritto vede il motivo."), "success")
            return redirect(url_for("notices.queue"), code=303)
    return render_template("notices/reject.html", notice=notice, form=form), \
        400 if form.errors or form.form_errors else 200


@bp.route("/settings", methods=["GET", "POST"])
@coordinator_required
def settings():
    current = services.board_settings()
    form = SettingsForm(obj=current) if request.method == "GET" else SettingsForm()
    if form.validate_on_submit():
        with saving(form) as saved:
            services.update_settings(_me(), others_may_post=form.others_may_post.data,
                                     approval_required=form.approval_required.data)
        if saved:
            flash(_("Impostazioni della bacheca salvate."), "success")
            return redirect(url_for("notices.settings"), code=303)
    return render_template("notices/settings.html", form=form), \
        400 if form.errors or form.form_errors else 200
