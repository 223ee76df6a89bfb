"""Command-line commands: ``flask --app tavolo <command>``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from tavolo.auth.cli import create_coordinator
    from tavolo.backup import backup_command, restore_command
    from tavolo.demo.cli import demo
    from tavolo.notifications.cli import digest
    from tavolo.outbox.cli import outbox
    from tavolo.rounds.cli import rounds

    app.cli.add_command(create_coordinator)
    app.cli.add_command(demo)
    app.cli.add_command(outbox)
    app.cli.add_command(digest)
    app.cli.add_command(rounds)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
