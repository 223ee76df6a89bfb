"""Results of a round: the page (and its htmx refresh) and the CSV exports."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.htmx import render
from tavolo.proposals import ballots as ballot_service
from tavolo.proposals import rounds as round_service
from tavolo.proposals.charts import bar_chart
from tavolo.proposals.results import (ballots_csv, build_results, figure_columns,
                                      format_figure, rank_label, results_csv)
from tavolo.proposals.routes.rounds import bp, finalise_closed
from tavolo.spreadsheet import csv_response
from tavolo.types import utcnow


def _results_or_403(round_id: int):
    round_ = round_service.get_round_or_404(round_id, current_user)
    now = utcnow()
    if not round_.results_visible(current_user, now):
        abort(403)
    finalise_closed(round_, now)
    return round_, now


@bp.get("/<int:round_id>/results")
def results(round_id: int):
    round_, now = _results_or_403(round_id)
    outcome = build_results(round_, now, current_user)
    return render("proposals/rounds/results.html", "proposals/rounds/_tally.html",
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
