"""``flask --app tavolo rounds remind``: reminder mails of open rounds (on a timer)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from tavolo.rounds.services.reminders import send_reminders

rounds = AppGroup("rounds", help="Votazioni di priorità.")


@rounds.command("remind")
def remind() -> None:
    """Mail "round opened" to every elector and "closing in 24 hours" to whoever has not
    voted, at most once per round, user and reminder (run it e.g. every 15 minutes)."""
    report = send_reminders()
    click.echo(f"Promemoria: votazioni aperte {report.opened}; "
               f"in chiusura {report.closing}.")
