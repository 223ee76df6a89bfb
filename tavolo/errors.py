"""Error pages in the reader's language."""

from __future__ import annotations

from flask import Flask, current_app, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import ClientDisconnected, HTTPException, InternalServerError

from tavolo.extensions import db
from tavolo.htmx import wants_fragment

MESSAGES = {
    400: (_l("Richiesta non valida"),
          _l("La richiesta non è stata capita. Torna indietro e riprova.")),
    403: (_l("Accesso non consentito"),
          _l("Non hai i permessi per vedere questa pagina o fare questa operazione.")),
    404: (_l("Pagina non trovata"),
          _l("La pagina che cerchi non esiste o è stata spostata.")),
    405: (_l("Operazione non consentita"),
          _l("Questa pagina non accetta questo tipo di richiesta.")),
    413: (_l("File troppo grande"),
          _l("Il file o il testo inviato supera la dimensione massima consentita.")),
    429: (_l("Troppi tentativi"),
          _l("Hai fatto troppe richieste in poco tempo. Aspetta qualche minuto e riprova.")),
    500: (_l("Errore del sistema"),
          _l("Si è verificato un errore imprevisto. Nessun dato è stato modificato: riprova "
             "tra qualche istante. Se il problema continua, avvisa il coordinamento.")),
}


def _render(code: int, detail: str | None = None):
    """The error page; for an htmx swap of part of a page, only an alert in its place.

    htmx is configured to swap 4xx/5xx answers too, so that a boosted form shows its
    validation errors; a fragment request must then not receive a whole page.
    """
    title, message = MESSAGES.get(code, MESSAGES[500])
    template = "errors/_error.html" if wants_fragment() else "errors/error.html"
    response = make_response(render_template(template, code=code, title=title,
                                             message=message, detail=detail), code)
    response.vary.add("HX-Request")
    return response


def _json_handler():
    """The handler an area registered for the path asked (``register_json_errors``)."""
    for prefix, handler in current_app.extensions.get("tavolo_json_errors", {}).items():
        if request.path.startswith(prefix):
            return handler
    return None


def register_json_errors(app: Flask, prefix: str, handler) -> None:
    """Errors under ``prefix`` are answered by ``handler(error)`` (e.g. JSON for an API)
    instead of an HTML page: routing errors (an unknown URL) and rate limits included."""
    app.extensions.setdefault("tavolo_json_errors", {})[prefix] = handler


def handle_http_error(error: HTTPException):
    handler = _json_handler()
    if handler is not None:
        return handler(error)
    code = error.code or 500
    if code not in MESSAGES:
        return error
    detail = None
    limit = getattr(error, "limit", None)
    if code == 429 and (getattr(error, "explained", False)
                        or (limit is not None and limit.error_message)):
        # A limit with its own explanation (e.g. failed logins) says it instead of the generic text.
        detail = error.description
    if isinstance(error, ClientDisconnected):
        detail = _l("Il caricamento si è interrotto prima della fine e non è stato salvato "
                    "nulla: controlla la connessione e riprova.")
    if code == 413:
        detail = _l("Il file è troppo grande: ogni file può essere al massimo di %(mb)d MB. "
                    "Riducilo (per esempio salvando il PDF con immagini compresse) o dividilo "
                    "in più parti, poi caricalo di nuovo.",
                    mb=current_app.config.get("MAX_UPLOAD_MB", 25))
    response = _render(code, detail)
    if code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def handle_csrf_error(error: CSRFError):
    return _render(400, str(_l("Il modulo è scaduto o non è stato inviato da questo sito. "
                               "Ricarica la pagina e invia di nuovo.")))


def handle_server_error(error: Exception):
    db.session.rollback()
    handler = _json_handler()
    if handler is not None:
        return handler(InternalServerError())
    return _render(500)


def init_app(app: Flask) -> None:
    if app.config.get("PROPAGATE_EXCEPTIONS") is None:
        # Our own 500 page, in the reader's language, also under `flask run --debug`.
        app.config["PROPAGATE_EXCEPTIONS"] = False
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
