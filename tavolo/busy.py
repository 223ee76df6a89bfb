"""A busy database answers 503 with the user's form as typed, never a 500 (issue 16, point 5).

A write that waits too long for another writer (SQLite ``database is locked`` after its busy
timeout, PostgreSQL ``lock_timeout``) raises ``OperationalError``. The handler rolls back and
runs the same view once more with ``g.tavolo_database_busy`` set: every form derives from
:class:`tavolo.forms.Form`, whose ``validate_on_submit`` then answers ``False`` with the
message on the first text field, so the view shows its form again exactly as it does for a
validation error — with everything the user typed — and the answer becomes a 503 with
``Retry-After``. A view that cannot do that (no form, or it writes before validating) gets a
503 page that shows the submitted text and a button to send it again.
"""

from __future__ import annotations

from flask import Flask, current_app, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError

from tavolo.extensions import db
from tavolo.htmx import wants_fragment

RETRY_AFTER_SECONDS = 5
# PostgreSQL: lock_not_available (lock_timeout) and query_canceled (statement_timeout).
_PG_BUSY = {"55P03", "57014"}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` means "another writer holds the lock", as opposed to a real fault."""
    original = getattr(error, "orig", None)
    if original is None:
        return False
    if getattr(original, "sqlstate", None) in _PG_BUSY:
        return True
    text = str(original).lower()
    return any(marker in text for marker in _SQLITE_BUSY)


def _typed_fields() -> list[tuple[str, str]]:
    """What the user sent, to show back: no token, no password."""
    return [(name, value) for name, value in request.form.items(multi=True)
            if name != "csrf_token" and "password" not in name and value.strip()]


def _fallback():
    template = "errors/_busy.html" if wants_fragment() else "errors/busy.html"
    response = make_response(render_template(
        template, code=503, title=_l("Database occupato"),
        message=_l("Il database è occupato: riprova tra qualche secondo."),
        fields=_typed_fields() if request.method == "POST" else []), 503)
    return response


def _again():
    """The same view once more, with forms refusing to validate: the form as typed."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or request.method != "POST" or g.get("tavolo_database_busy"):
        return None
    g.tavolo_database_busy = True
    try:
        response = current_app.make_response(view(**(request.view_args or {})))
    except Exception:  # noqa: BLE001 — anything going wrong here falls back to the 503 page
        db.session.rollback()
        return None
    if 300 <= response.status_code < 400:  # it wrote nothing yet redirected: not a form
        return None
    return response


def handle_operational_error(error: OperationalError):
    if not is_busy(error):
        from tavolo.errors import handle_server_error

        current_app.log_exception((type(error), error, error.__traceback__))
        return handle_server_error(error)
    db.session.rollback()
    current_app.logger.warning("Database busy on %s %s: %s", request.method, request.path,
                               getattr(error, "orig", error))
    response = _again() or _fallback()
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.vary.add("HX-Request")
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(OperationalError, handle_operational_error)
