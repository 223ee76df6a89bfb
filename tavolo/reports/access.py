"""The one place that turns "mandate report N" into a report the reader may edit, or 404."""

from __future__ import annotations

from flask import abort

from tavolo.extensions import db
from tavolo.reports.models import MandateReport


def get_mandate_or_404(report_id: int) -> MandateReport:
    """Mandate reports are public; only coordinators reach the views that use this (the
    decorator sends the others away first)."""
    report = db.session.get(MandateReport, report_id)
    if report is None:
        abort(404)
    return report
