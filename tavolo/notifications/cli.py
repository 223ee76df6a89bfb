"""``flask --app tavolo digest send``: the daily digest of notifications (on a timer)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tavolo.notifications.services import send_digests

digest = AppGroup("digest", help="Riepilogo giornaliero delle notifiche.")


@digest.command("send")
def send() -> None:
    """Write to the outbox one digest per user for each finished day (Europe/Rome).

    Run it once a day in the morning (or more often: it is idempotent). A run that stops
    halfway loses nothing; the next one sends the rest and nothing twice.
    """
    report = send_digests()
    click.echo(f"Riepiloghi scritti nella posta in uscita: {report.sent} "
               f"({report.items} notifiche); già inviati da un'altra esecuzione: "
               f"{report.skipped}.")
