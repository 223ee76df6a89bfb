"""``flask --app tavolo outbox ...``: deliver and inspect the mail outbox."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from tavolo.outbox.models import OutboxStatus
from tavolo.outbox.services import SmtpSettings, counts_by_status, send_pending

outbox = AppGroup("outbox", help="Posta in uscita.")


@outbox.command("send")
@click.option("--limit", type=int, default=None, help="Al massimo questo numero di messaggi.")
def send(limit: int | None) -> None:
    """Deliver every due message over SMTP (run it on a timer, e.g. every minute).

    Exits with status 1 only when the mail server failed (messages were put back to be
    retried); messages marked undeliverable are listed but do not make the run fail.
    """
    settings = SmtpSettings(current_app.config)
    if not settings.configured:
        pending = counts_by_status()[OutboxStatus.PENDING]
        click.echo(f"Nessun server di posta configurato (TAVOLO_MAIL_SERVER): "
                   f"{pending} messaggi restano in attesa nella posta in uscita.")
        return
    report = send_pending(current_app.config, limit=limit)
    click.echo(f"Inviati: {report.sent}; da ritentare: {report.retried}; "
               f"non consegnabili: {report.failed}.")
    for line in report.errors:
        click.echo(f"  {line}", err=True)
    if report.server_failed:
        raise SystemExit(1)


@outbox.command("status")
def status() -> None:
    """How many messages are in each state."""
    for state, count in counts_by_status().items():
        click.echo(f"{state.label}: {count}")
