"""The report as CSV rows and as Markdown (no HTTP here)."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from tavolo.money import format_cents
from tavolo.reports.services import Report, counted_cents
from tavolo.spreadsheet import write_rows


def csv_bytes(report: Report) -> bytes:
    """One row per figure: section, item, year, value, unit (amounts written the Italian way)."""
    euro = _("euro")
    rows: list[tuple] = []
    spending = _("Spesa")
    for year in report.spending:
        rows.append((spending, _("Contributi deliberati"), year.year,
                     format_cents(year.contribution), euro))
        rows.append((spending, _("Spesa complessiva deliberata"), year.year,
                     format_cents(year.total_spend), euro))
        rows.append((spending, _("Spesa conteggiata"), year.year, format_cents(year.counted), euro))
    rows.append((spending, _("Spesa conteggiata nel periodo"), report.period.label,
                 format_cents(report.total_counted), euro))
    if report.declared is not None and report.declared.declared_spend_cents is not None:
        rows.append((spending, _("Spesa dichiarata nel bilancio pubblicato"), report.period.label,
                     format_cents(report.declared.declared_spend_cents), euro))
        rows.append((spending, _("Differenza (conteggiata − dichiarata)"), report.period.label,
                     format_cents(report.difference), euro))
    for deliberation in report.deliberations:
        rows.append((_("Delibere"), f"{deliberation.period} · {deliberation.title}",
                     deliberation.year, format_cents(counted_cents(deliberation)), euro))
    for outcome in report.outcomes:
        unit = _("persone × %(months)s mesi", months=outcome.months) if outcome.months else ""
        rows.append((_("Risultati"), f"{outcome.project} · {outcome.label}", report.period.label,
                     outcome.count, unit))
    for kind, count in report.outcome_kinds:
        rows.append((_("Risultati per tipo"), kind, report.period.label, count, ""))
    rows.append((_("Riunioni"), _("Riunioni svolte"), report.period.label,
                 len(report.meetings), ""))
    rows.append((_("Riunioni"), _("Presenze"), report.period.label, report.attendance, ""))
    rows.append((_("Riunioni"), _("Decisioni prese"), report.period.label, report.decisions, ""))
    rows.append((_("Riunioni"), _("Azioni completate"), report.period.label,
                 report.actions_done, ""))
    rows.append((_("Seminari"), _("Seminari svolti"), report.period.label,
                 len(report.seminars), ""))
    rows.append((_("Proposte"), _("Proposte adottate con votazione di priorità"),
                 report.period.label, len(report.proposals), ""))
    for ring, count in report.partner_counts.items():
        rows.append((_("Partner"), ring, report.period.label, count, ""))
    return write_rows([_("Sezione"), _("Voce"), _("Anno o periodo"), _("Valore"), _("Unità")],
                      rows)


def markdown_text(report: Report) -> str:
    return render_template("reports/report.md", report=report)
