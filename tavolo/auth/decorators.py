"""View decorators for the role table of DESIGN.md."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from tavolo.extensions import login_manager


def coordinator_required(view):
    """Anonymous visitors are sent to the login page; other roles get 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_coordinator:
            abort(403)
        return view(*args, **kwargs)

    return wrapper
