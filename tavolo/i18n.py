"""Language and time zone: Italian by default, English on request, times in Europe/Rome."""

from __future__ import annotations

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from tavolo.auth.models import LANGUAGES
from tavolo.extensions import babel

DEFAULT_LOCALE = "it"


def select_locale() -> str:
    """The signed-in user's preference, else the visitor's choice, else Italian."""
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in LANGUAGES:
        return chosen
    # An explicit ?lang= on a public link (for instance in an e-mail) is honoured too.
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return DEFAULT_LOCALE


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Europe/Rome")
    babel.init_app(app, locale_selector=select_locale)
