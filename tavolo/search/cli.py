"""``flask --app tavolo search reindex``: rebuild the search index from the data."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from tavolo.extensions import db


@click.group("search")
def search_command() -> None:
    """Indice di ricerca."""


@search_command.command("reindex")
@click.option("--source", "keys", multiple=True,
              help="Ricostruisci solo questo tipo (ripetibile), per esempio --source meeting.")
@with_appcontext
def reindex_command(keys: tuple[str, ...]) -> None:
    """Ricostruisce l'indice di ricerca da zero (in una sola transazione)."""
    from tavolo.search import sources
    from tavolo.search.services.index import reindex

    known = sources.by_key()
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise click.BadParameter(
            f"tipo sconosciuto: {', '.join(unknown)} (disponibili: {', '.join(known)})",
            param_hint="--source")
    counts = reindex(db.session, keys or None)
    db.session.commit()
    click.echo("Indice ricostruito: " + ", ".join(
        f"{key} {count}" for key, count in counts.items()))
