"""``flask --app tavolo demo``: load the demo network (safe to run again)."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from tavolo.auth.models import User
from tavolo.demo import data
from tavolo.demo.loader import load_demo
from tavolo.extensions import db


@click.command("demo")
@click.option("--if-empty", is_flag=True,
              help="Carica solo se il database non ha ancora nessun utente (primo avvio).")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the real Circoscrizione 2 network and one demo login per role."""
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(User)):
        click.echo("Il database contiene già dati: rete dimostrativa non caricata di nuovo.")
        if db.session.scalar(sa.select(User).filter_by(email=data.DEMO_USERS[0][0])):
            print_logins(current_app.config["DEMO_PASSWORD"])
        return
    created = load_demo(current_app.config["DEMO_PASSWORD"])
    db.session.commit()
    if created:
        click.echo("Rete dimostrativa caricata: " + ", ".join(
            f"{table} {count}" for table, count in sorted(created.items())))
    else:
        click.echo("La rete dimostrativa era già completa: nessun dato aggiunto.")
    print_logins(current_app.config["DEMO_PASSWORD"])


def print_logins(password: str) -> None:
    click.echo(f"Accessi dimostrativi (password: {password}):")
    for email, _name, role, _org, _job in data.DEMO_USERS:
        click.echo(f"  {role:<12} {email}")
