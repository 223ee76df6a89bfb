"""Views of the reports area: the report of a period (HTML, PDF, Markdown, CSV) and the
coordinator's editing of a published mandate report."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tavolo import navigation
from tavolo.audit import history
from tavolo.auth.decorators import coordinator_required
from tavolo.bounds import db_int
from tavolo.editing import saving
from tavolo.extensions import db
from tavolo.pdf import pdf_response, render_pdf
from tavolo.reports import bp, charts, exports, services
from tavolo.reports.access import get_mandate_or_404
from tavolo.reports.forms import MandateForm
from tavolo.reports.models import MandateReport
from tavolo.spreadsheet import csv_response
from tavolo.templating import euro


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "reports.index", _l("Bilanci"), 60, "everyone", "reports")
    history.VOCABULARY.add(state.app, history.Vocabulary(
        key="reports", types={"mandate_report": _l("Bilancio di mandato")},
        fields={"narrative": _l("Racconto"), "declared_spend_cents": _l("Spesa dichiarata"),
                "seminars_held": _l("Seminari dichiarati")}))


def _period():
    """The period in the query string: ``(period, None)`` or ``(None, message)``."""
    years = services.data_years()
    try:
        period = services.period_of(request.args.get("start", type=db_int),
                                    request.args.get("end", type=db_int), years)
    except services.ReportError as error:
        return None, str(error)
    return period, None


def _charts(report: services.Report) -> dict:
    return {
        "spending": charts.bar_chart(
            "chart-spending", _("Spesa per anno"),
            _("Spesa conteggiata dalle delibere, anno per anno, %(period)s.",
              period=report.period.label),
            [(str(row.year), row.counted) for row in report.spending], euro),
        "outcomes": charts.bar_chart(
            "chart-outcomes", _("Risultati per tipo"),
            _("Numero di tirocini, corsi e persone coinvolte nei progetti, %(period)s.",
              period=report.period.label),
            report.outcome_kinds, str),
    }


def _refused(message: str):
    years = services.data_years()
    return render_template("reports/index.html", report=None, error=message,
                           presets=services.presets(years), years=years,
                           mandates=[]), 400


def _build():
    period, error = _period()
    if period is None:
        return None, _refused(error)
    return services.build_report(period, current_user), None


@bp.get("/")
def index():
    """Without a period: the chooser. With one: the report."""
    years = services.data_years()
    if "start" not in request.args and "end" not in request.args:
        return render_template("reports/index.html", report=None, error=None, years=years,
                               presets=services.presets(years), mandates=_mandates())
    report, refused = _build()
    if refused:
        return refused
    return render_template("reports/index.html", report=report, error=None, years=years,
                           presets=services.presets(years), charts=_charts(report),
                           mandates=[])


def _mandates():
    """The published reports a coordinator may edit (none for other readers)."""
    if not MandateReport.can_manage(current_user):
        return []
    return list(db.session.scalars(sa.select(MandateReport).order_by(MandateReport.start_year)))


@bp.get("/report.pdf")
def report_pdf():
    report, refused = _build()
    if refused:
        return refused
    html = render_template("reports/report_pdf.html", report=report, charts=_charts(report))
    return pdf_response(render_pdf(html, request.url_root),
                        f"bilancio-{report.period.slug}.pdf")


@bp.get("/report.md")
def report_markdown():
    report, refused = _build()
    if refused:
        return refused
    return Response(exports.markdown_text(report), mimetype="text/markdown", headers={
        "Content-Disposition": f'attachment; filename="bilancio-{report.period.slug}.md"',
        "Cache-Control": "private, no-store"})


@bp.get("/report.csv")
def report_csv():
    report, refused = _build()
    if refused:
        return refused
    return csv_response(exports.csv_bytes(report), f"bilancio-{report.period.slug}", dated=False)


@bp.route("/mandates/<int:report_id>/edit", methods=["GET", "POST"])
@coordinator_required
def edit_mandate(report_id: int):
    mandate = get_mandate_or_404(report_id)
    form = MandateForm()
    if request.method == "GET":
        form.narrative.data = mandate.narrative
        form.declared_spend.data = mandate.declared_spend_cents
        form.seminars_held.data = mandate.seminars_held
    if form.validate_on_submit():
        with saving(form) as saved:
            services.update_mandate(mandate, current_user._get_current_object(),
                                    narrative=form.narrative.data or "",
                                    declared_spend_cents=form.declared_spend.data,
                                    seminars_held=form.seminars_held.data)
        if saved:
            flash(_("Bilancio di mandato aggiornato."), "success")
            return redirect(url_for("reports.index", start=mandate.start_year,
                                    end=mandate.end_year), 303)
    return render_template("reports/edit_mandate.html", form=form, mandate=mandate), \
        400 if form.errors else 200
