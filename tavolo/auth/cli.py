"""``flask --app tavolo create-coordinator EMAIL``: the first account of a new installation."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from tavolo.auth.forms import MIN_PASSWORD_LENGTH
from tavolo.auth.services import AccountError
from tavolo.auth.services import create_coordinator as create
from tavolo.extensions import db


@click.command("create-coordinator")
@click.argument("email")
@click.option("--name", default="", help="Nome e cognome (predefinito: l'indirizzo e-mail).")
@click.password_option("--password", prompt="Password", confirmation_prompt=True,
                       help="Se omessa viene chiesta al terminale, senza mostrarla.")
@with_appcontext
def create_coordinator(email: str, name: str, password: str) -> None:
    """Create a coordinator account that can log in at once."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"La password deve avere almeno {MIN_PASSWORD_LENGTH} caratteri.")
    if "@" not in email:
        raise click.ClickException("Indirizzo e-mail non valido.")
    try:
        user = create(email, name, password)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Coordinatore creato: {user.email}. Ora può accedere su /login.")
