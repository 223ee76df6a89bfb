"""Priority rounds: list, create, edit, close, delete, vote, results and exports."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from tavolo import navigation
from tavolo.audit import history
from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import db_id
from tavolo.dashboard.blocks import DASHBOARD_BLOCKS, DashboardBlock
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.htmx import redirect_after_post, render, wants_fragment
from tavolo.projects.links import PROJECT_LINKS
from tavolo.proposals.models import Proposal
from tavolo.rounds import bp, dashboard
from tavolo.rounds.access import get_round_or_404
from tavolo.rounds.ballot_rules import BallotRejected, field_name, read_form
from tavolo.rounds.charts import bar_chart
from tavolo.rounds.forms import RoundForm, rome_to_utc, utc_to_rome_naive
from tavolo.rounds.links import ROUNDS
from tavolo.rounds.models import (
    ELECTORATE_LABELS,
    METHOD_LABELS,
    RESULTS_LABELS,
    UNIT_LABELS,
    BallotUnit,
    Electorate,
    ResultsVisibility,
    RoundPhase,
    VotingMethod,
)
from tavolo.rounds.services import ballots as ballot_service
from tavolo.rounds.services import electorate as electorate_service
from tavolo.rounds.services import rounds as round_service
from tavolo.rounds.services.results import (
    ballots_csv,
    build_results,
    figure_columns,
    format_figure,
    rank_label,
    results_csv,
)
from tavolo.spreadsheet import csv_response
from tavolo.types import utcnow


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "rounds.index", _l("Priorità"), 45, "authenticated", "rounds")
    PROJECT_LINKS.add(state.app, ROUNDS)
    DASHBOARD_BLOCKS.add(state.app, DashboardBlock(
        key="rounds", title=_l("Votazioni sulle priorità"), template="rounds/_dashboard.html",
        load=dashboard.rounds_for, order=20))
    history.VOCABULARY.add(state.app, history.Vocabulary(
        key="rounds", types={"priority_round": _l("Votazione di priorità")},
        fields={"method": _l("Metodo"), "electorate": _l("Chi vota"),
                "ballot_unit": _l("Una scheda per"), "opens_at": _l("Apertura"),
                "closes_at": _l("Chiusura"), "results_visibility": _l("Risultati"),
                "secret": _l("Voto segreto"), "quorum_percent": _l("Quorum (%)"),
                "dots_budget": _l("Punti per votante"),
                "dots_max_per_proposal": _l("Punti al massimo per proposta")},
        values={"method": METHOD_LABELS, "electorate": ELECTORATE_LABELS,
                "ballot_unit": UNIT_LABELS, "results_visibility": RESULTS_LABELS}))


@bp.before_request
@login_required
def _logged_in():
    """Rounds are for the network's members: every page needs a login."""


@bp.get("/")
def index():
    grouped = round_service.rounds_by_phase(current_user)
    awaiting = {r.id for r in electorate_service.rounds_awaiting_vote(current_user)}
    return render_template("rounds/index.html", grouped=grouped, phases=RoundPhase,
                           awaiting=awaiting)


def _settings(form: RoundForm, proposals: list[Proposal]) -> round_service.RoundSettings:
    return round_service.RoundSettings(
        title=form.title.data or "", description=form.description.data or "",
        method=VotingMethod(form.method.data), electorate=Electorate(form.electorate.data),
        ballot_unit=BallotUnit(form.ballot_unit.data),
        opens_at=rome_to_utc(form.opens_at.data), closes_at=rome_to_utc(form.closes_at.data),
        results_visibility=ResultsVisibility(form.results_visibility.data),
        secret=bool(form.secret.data), proposals=proposals,
        dots_budget=form.dots_budget.data, dots_max_per_proposal=form.dots_max_per_proposal.data,
        quorum_percent=form.quorum_percent.data)


def _proposal_choices(form: RoundForm, round_=None) -> dict[int, Proposal]:
    keep = round_.proposals if round_ is not None else []
    eligible = round_service.eligible_proposals(Electorate.CORE, keep=keep)
    form.proposals.choices = [(p.id, p.title) for p in eligible]
    return {p.id: p for p in eligible}


def _form_page(form, round_, by_id, error, now):
    status = 400 if form.errors or error else 200
    return render_template("rounds/form.html", form=form, round=round_,
                           proposals=by_id, error=error, now=now,
                           methods=list(VotingMethod)), status


@bp.route("/new", methods=["GET", "POST"])
@coordinator_required
def create():
    form = RoundForm()
    by_id = _proposal_choices(form)
    now = utcnow()
    if request.method == "GET":
        chosen = request.args.getlist("proposal", type=db_id)
        form.proposals.data = [p for p in chosen if p in by_id]
        # A sensible default: from the next full hour, for two weeks, until 18:00.
        opens = utc_to_rome_naive(now + dt.timedelta(hours=1)).replace(minute=0)
        form.opens_at.data = opens
        form.closes_at.data = (opens + dt.timedelta(days=14)).replace(hour=18)
    error = None
    if form.validate_on_submit():
        with saving(quiet=True) as saved:
            round_ = round_service.create_round(
                current_user, _settings(form, [by_id[i] for i in form.proposals.data]), now=now)
        error = saved.error
        if saved:
            flash(_("Votazione «%(title)s» creata.", title=round_.title), "success")
            return redirect(url_for("rounds.detail", round_id=round_.id), code=303)
    return _form_page(form, None, by_id, error, now)


@bp.route("/<int:round_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit(round_id: int):
    round_ = get_round_or_404(round_id, need="manage")
    now = utcnow()
    if round_.is_closed(now):
        flash(_("La votazione è chiusa: non si può più modificare."), "warning")
        return redirect(url_for("rounds.detail", round_id=round_.id), code=303)
    if request.method == "GET":
        form = RoundForm(obj=round_)
    elif round_.can_edit_rules(now):
        form = RoundForm()
    else:
        form = RoundForm(formdata=_locked_formdata(round_))
    by_id = _proposal_choices(form, round_)
    if request.method == "GET":
        form.method.data = round_.method.value
        form.electorate.data = round_.electorate.value
        form.ballot_unit.data = round_.ballot_unit.value
        form.results_visibility.data = round_.results_visibility.value
        form.opens_at.data = utc_to_rome_naive(round_.opens_at)
        form.closes_at.data = utc_to_rome_naive(round_.closes_at)
        form.proposals.data = [item.proposal_id for item in round_.items]
    error = None
    if form.validate_on_submit():
        with saving(quiet=True) as saved:
            round_service.update_round(
                current_user, round_, _settings(form, [by_id[i] for i in form.proposals.data]),
                now=now)
        error = saved.error
        if saved:
            flash(_("Votazione aggiornata."), "success")
            return redirect(url_for("rounds.detail", round_id=round_.id), code=303)
    return _form_page(form, round_, by_id, error, now)


def _locked_formdata(round_) -> MultiDict:
    """While voting only the texts and the closing time may change: the form's other
    fields are shown read-only (not submitted), so they are taken from the round."""
    data = MultiDict(request.form)
    locked = {
        "method": round_.method.value, "electorate": round_.electorate.value,
        "ballot_unit": round_.ballot_unit.value,
        "results_visibility": round_.results_visibility.value,
        "opens_at": utc_to_rome_naive(round_.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "dots_budget": str(round_.dots_budget or ""),
        "dots_max_per_proposal": str(round_.dots_max_per_proposal or ""),
        "quorum_percent": str(round_.quorum_percent if round_.quorum_percent is not None
                              else ""),
    }
    for name, value in locked.items():
        data.setlist(name, [value])
    data.setlist("secret", ["y"] if round_.secret else [])
    data.setlist("proposals", [str(item.proposal_id) for item in round_.items])
    return data


def finalise_closed(round_, now) -> None:
    """The first view of a closed round fixes its electorate size (and commits it)."""
    if electorate_service.finalise(round_, now):
        db.session.commit()


def ballot_context(round_, now, values=None, rejected: BallotRejected | None = None,
                   saved: bool = False) -> dict:
    """What the ballot panel shows: the voter's ballot, the values in the form, why they
    cannot vote if they cannot."""
    ballot = ballot_service.my_ballot(round_, current_user)
    identity = ballot_service.identity_for(round_, current_user, person_loaded=False) \
        if round_.in_electorate(current_user) else None
    return {
        "round": round_, "now": now, "ballot": ballot,
        "values": values if values is not None else ballot_service.ballot_values(ballot),
        "rejected": rejected, "saved": saved, "identity": identity,
        "can_vote": round_.can_vote(current_user, now) and identity is not None,
        "rules_text": ballot_service.describe_method(round_),
        "field_name": field_name,
    }


@bp.get("/<int:round_id>")
def detail(round_id: int):
    round_ = get_round_or_404(round_id)
    now = utcnow()
    finalise_closed(round_, now)
    return render_template("rounds/detail.html", **ballot_context(round_, now),
                           ballots_count=ballot_service.count_ballots(round_),
                           electorate=electorate_service.electorate_size(round_, now),
                           results_visible=round_.results_visible(current_user, now))


@bp.post("/<int:round_id>/ballot")
def vote(round_id: int):
    round_ = get_round_or_404(round_id)
    now = utcnow()
    values = None
    try:
        values = read_form(ballot_service.rules_for(round_), request.form)
        ballot_service.cast_ballot(current_user, round_, values)
    except BallotRejected as problem:
        db.session.rollback()
        return _ballot_problem(round_, now, problem, values or {})
    except ballot_service.NotAllowedToVote as problem:
        db.session.rollback()
        return _ballot_problem(round_, now, BallotRejected([str(problem)]), values or {})
    db.session.commit()
    if wants_fragment():
        # The turnout beside the ballot changes too: it travels out of band.
        return render("rounds/detail.html", "rounds/_ballot.html",
                      **ballot_context(round_, now, saved=True), oob_turnout=True,
                      ballots_count=ballot_service.count_ballots(round_),
                      electorate=electorate_service.electorate_size(round_, now))
    flash(_("Scheda registrata. Puoi cambiarla fino alla chiusura."), "success")
    return redirect(url_for("rounds.detail", round_id=round_.id, _anchor="scheda"), code=303)


def _ballot_problem(round_, now, problem: BallotRejected, values):
    context = ballot_context(round_, now, values=values, rejected=problem)
    if wants_fragment():
        return render("rounds/detail.html", "rounds/_ballot.html", **context)
    return render_template("rounds/detail.html", **context,
                           ballots_count=ballot_service.count_ballots(round_),
                           electorate=electorate_service.electorate_size(round_, now),
                           results_visible=round_.results_visible(current_user, now)), 400


@bp.post("/<int:round_id>/ballot/withdraw")
def withdraw(round_id: int):
    round_ = get_round_or_404(round_id)
    with saving() as saved:
        removed = ballot_service.withdraw_ballot(current_user, round_)
    if saved:
        flash(_("Hai ritirato la tua scheda.") if removed else _("Non avevi votato."), "success")
    return redirect_after_post(url_for("rounds.detail", round_id=round_.id, _anchor="scheda"))


@bp.route("/<int:round_id>/close", methods=["GET", "POST"])
@coordinator_required
def close(round_id: int):
    round_ = get_round_or_404(round_id, need="manage")
    if request.method == "GET":
        return render_template("rounds/confirm.html", round=round_, action="close",
                               ballots_count=ballot_service.count_ballots(round_))
    with saving() as saved:
        round_service.close_now(current_user, round_)
    if not saved:
        return redirect(url_for("rounds.detail", round_id=round_.id), code=303)
    flash(_("Votazione chiusa: i risultati sono definitivi."), "success")
    return redirect(url_for("rounds.results", round_id=round_.id), code=303)


@bp.route("/<int:round_id>/delete", methods=["GET", "POST"])
@coordinator_required
def delete(round_id: int):
    round_ = get_round_or_404(round_id, need="manage")
    if request.method == "GET":
        return render_template("rounds/confirm.html", round=round_, action="delete",
                               ballots_count=0)
    with saving() as saved:
        round_service.delete_round(current_user, round_)
    if not saved:
        return redirect(url_for("rounds.detail", round_id=round_.id), code=303)
    flash(_("Votazione eliminata; le sue proposte sono di nuovo aperte ai commenti."), "success")
    return redirect(url_for("rounds.index"), code=303)


def _results_or_403(round_id: int):
    round_ = get_round_or_404(round_id)
    now = utcnow()
    if not round_.results_visible(current_user, now):
        abort(403)
    finalise_closed(round_, now)
    return round_, now


@bp.get("/<int:round_id>/results")
def results(round_id: int):
    round_, now = _results_or_403(round_id)
    outcome = build_results(round_, now, current_user)
    return render("rounds/results.html", "rounds/_tally.html",
                  round=round_, results=outcome, chart=bar_chart(outcome), now=now,
                  columns=figure_columns(round_.method), format_figure=format_figure,
                  rank_label=rank_label,
                  mine=ballot_service.my_ballot(round_, current_user) if round_.secret else None)


@bp.get("/<int:round_id>/results.csv")
def results_export(round_id: int):
    round_, now = _results_or_403(round_id)
    return csv_response(results_csv(build_results(round_, now, current_user)),
                        f"votazione-{round_.id}-risultati", dated=False)


@bp.get("/<int:round_id>/ballots.csv")
def ballots_export(round_id: int):
    """Who voted what: open rounds only, never secret ones."""
    round_, now = _results_or_403(round_id)
    if round_.secret:
        abort(404)
    return csv_response(ballots_csv(build_results(round_, now, current_user)),
                        f"votazione-{round_.id}-schede", dated=False)
