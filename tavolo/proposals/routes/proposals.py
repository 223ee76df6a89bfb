"""Proposal pages: list, write, read, edit, versions, status decisions."""

from __future__ import annotations

import difflib

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from tavolo import navigation
from tavolo.bounds import db_id, db_int
from tavolo.dashboard.blocks import (
    ACTIVITY_SOURCES,
    DASHBOARD_BLOCKS,
    ActivitySource,
    DashboardBlock,
)
from tavolo.directory.links import ORGANIZATION_LINKS
from tavolo.directory.models import Organization
from tavolo.domain import DomainError
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.htmx import render
from tavolo.projects.links import PROJECT_LINKS
from tavolo.projects.models import Project
from tavolo.proposals import bp, dashboard, followups, project_links, services
from tavolo.proposals import comments as comment_service
from tavolo.proposals import organization_links as written
from tavolo.proposals.access import get_proposal_or_404
from tavolo.proposals.forms import CommentForm, ProposalForm, StatusForm, visibility_choices
from tavolo.proposals.models import Comment, ProposalStatus
from tavolo.rounds.models import PriorityRound, RoundProposal
from tavolo.security import safe_next
from tavolo.types import utcnow

PER_PAGE = 20


@bp.record_once
def _register(state) -> None:
    navigation.add(state.app, "proposals.index", _l("Proposte"), 40, "everyone", "proposals")
    PROJECT_LINKS.add(state.app, project_links.PROPOSALS)
    ORGANIZATION_LINKS.add(state.app, written.WRITTEN)
    followups.FOLLOW_UPS.add(state.app, followups.FollowUp(
        key="project", label=_l("Trasforma in progetto"), endpoint="proposals.to_project",
        available=lambda proposal, user: proposal.can_become_project(user), order=10,
        help=_l("Crea la scheda del progetto già compilata con i dati della proposta.")))
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="proposals", title=_l("Novità nelle proposte"), template="proposals/_dashboard.html",
        load=dashboard.news_since_last_visit, order=40))
    ACTIVITY_SOURCES.add(state.app, ActivitySource(key="adopted", load=dashboard.adopted))


@bp.get("/")
def index():
    status = request.args.get("status", "")
    text = request.args.get("q", "").strip()
    mine = request.args.get("mine") == "1" and current_user.is_authenticated
    project_id = request.args.get("project", type=db_id)
    query = services.list_query(current_user, status=status, project_id=project_id, text=text,
                                mine=mine)
    page = db.paginate(query, per_page=PER_PAGE, error_out=False)
    counts = {}
    ids = [proposal.id for proposal in page.items]
    if ids:
        counts = dict(db.session.execute(
            sa.select(Comment.proposal_id, sa.func.count())
            .where(Comment.proposal_id.in_(ids), Comment.deleted_at.is_(None))
            .group_by(Comment.proposal_id)).all())
    project = db.session.get(Project, project_id) if project_id else None
    if project is not None and not project.can_view(current_user):
        project = None
    return render("proposals/index.html", "proposals/_list.html", listing=page, counts=counts,
                  status_filter=status, q=text, mine=mine, project=project,
                  statuses=list(ProposalStatus))


def _fill_choices(form: ProposalForm, proposal=None) -> None:
    orgs = services.organization_choices(current_user)
    if proposal is not None and proposal.organization and proposal.organization not in orgs:
        orgs.append(proposal.organization)
    form.organization_id.choices = [(0, _("A titolo personale"))] + [(o.id, o.name) for o in orgs]
    form.visibility.choices = visibility_choices(services.visibility_choices(current_user))
    projects = services.visible_projects(current_user)
    if proposal is not None:
        projects += [p for p in proposal.projects if p not in projects]
    form.projects.choices = [(p.id, p.title) for p in projects]


def _chosen(form: ProposalForm):
    """The organisation and projects picked (the choices were already limited per user)."""
    org = db.session.get(Organization, form.organization_id.data) \
        if form.organization_id.data else None
    projects = list(db.session.scalars(sa.select(Project).where(
        Project.id.in_(form.projects.data)))) if form.projects.data else []
    return org, projects


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    form = ProposalForm()
    _fill_choices(form)
    if request.method == "GET":
        person = services.person_of(current_user)
        if person and person.organization_id:
            form.organization_id.data = person.organization_id
        project_id = request.args.get("project", type=db_id)
        if project_id and project_id in dict(form.projects.choices):
            form.projects.data = [project_id]
    error = None
    if form.validate_on_submit():
        org, projects = _chosen(form)
        with saving(quiet=True) as saved:
            proposal = services.create_proposal(
                current_user, title=form.title.data, body=form.body.data,
                visibility=form.visibility.data, organization=org, projects=projects)
        error = saved.error
        if saved:
            flash(_("Proposta pubblicata: ora è aperta ai commenti."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id), code=303)
    status = 400 if form.errors or error else 200
    return render_template("proposals/form.html", form=form, proposal=None, error=error), status


@bp.get("/<int:proposal_id>")
def detail(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    return render_template("proposals/detail.html", **detail_context(proposal))


def detail_context(proposal, comment_form: CommentForm | None = None,
                   reply_errors: dict | None = None) -> dict:
    """Everything the proposal page shows, in a fixed number of queries."""
    rounds = db.session.scalars(
        sa.select(PriorityRound).join(RoundProposal, RoundProposal.round_id == PriorityRound.id)
        .where(RoundProposal.proposal_id == proposal.id,
               PriorityRound.visible_to(current_user))
        .order_by(PriorityRound.opens_at.desc())).all()
    status_form = StatusForm(formdata=None)
    status_form.status.choices = [choice for choice in status_form.status.choices
                                  if choice.value != proposal.status.value]
    thread = comment_service.thread_of(proposal)
    return {
        "proposal": proposal,
        "history": services.history_of(proposal),
        "version_count": proposal.version,
        "rounds": rounds,
        "thread": thread,
        "comment_total": comment_service.count_live(thread),
        "comment_form": comment_form or CommentForm(formdata=None),
        "reply_errors": reply_errors or {},
        "status_form": status_form,
        "followups": followups.available_for(proposal, current_user),
        "sections": followups.sections_for(proposal, current_user),
        "now": utcnow(),
        "edit_minutes": comment_service.edit_window_minutes(),
    }


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id, need="edit")
    form = ProposalForm(obj=proposal) if request.method == "GET" else ProposalForm()
    _fill_choices(form, proposal)
    if request.method == "GET":
        form.organization_id.data = proposal.organization_id or 0
        form.visibility.data = proposal.visibility.value
        form.projects.data = [p.id for p in proposal.projects]
        form.version.data = proposal.version
    error = None
    if form.validate_on_submit():
        org, projects = _chosen(form)
        with saving(quiet=True) as saved:
            expected = int(form.version.data or 0) if str(form.version.data or 0).isdigit() \
                else None
            if expected is None:
                raise DomainError(_("Il modulo non è valido: ricarica la pagina."))
            changed = services.edit_proposal(
                current_user, proposal, expected_version=expected, title=form.title.data,
                body=form.body.data, visibility=form.visibility.data, organization=org,
                projects=projects)
        error = saved.error
        if saved:
            flash(_("Modifiche salvate (versione %(number)d).", number=proposal.version)
                  if changed else _("Nessuna modifica da salvare."), "success")
            return redirect(url_for("proposals.detail", proposal_id=proposal.id), code=303)
    status = 400 if form.errors or error else 200
    return render_template("proposals/form.html", form=form, proposal=proposal,
                           error=error), status


@bp.get("/<int:proposal_id>/versions")
def versions(proposal_id: int):
    """Every saved version; ``?v=n`` shows version n and what changed from n − 1."""
    proposal = get_proposal_or_404(proposal_id)
    revisions = services.revisions_of(proposal)
    by_number = {r.number: r for r in revisions}
    number = request.args.get("v", type=db_int) or proposal.version
    shown = by_number.get(number)
    if shown is None:
        abort(404)
    previous = by_number.get(number - 1)
    diff = None
    if previous is not None:
        diff = list(difflib.ndiff(
            (f"# {previous.title}\n\n" + previous.body).splitlines(),
            (f"# {shown.title}\n\n" + shown.body).splitlines()))
        diff = [line for line in diff if not line.startswith("? ")]
    return render_template("proposals/versions.html", proposal=proposal, revisions=revisions,
                           shown=shown, previous=previous, diff=diff)


@bp.post("/<int:proposal_id>/status")
@login_required
def status(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id, need="manage")
    form = StatusForm()
    back = safe_next(form.next.data, url_for("proposals.detail", proposal_id=proposal.id))
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "danger")
        return redirect(back, code=303)
    with saving() as saved:
        services.decide(current_user, proposal, form.status.data, form.note.data or "")
    if saved:
        flash(_("«%(title)s»: ora è «%(status)s».", title=proposal.title,
                status=proposal.status.label), "success")
    return redirect(back, code=303)


@bp.post("/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id: int):
    proposal = get_proposal_or_404(proposal_id)
    with saving() as saved:
        services.withdraw(current_user, proposal)
    if saved:
        flash(_("Hai ritirato la proposta: resta leggibile come accantonata."), "success")
    return redirect(url_for("proposals.detail", proposal_id=proposal.id), code=303)
