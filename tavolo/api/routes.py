"""The API's views: one list and one detail per resource, the OpenAPI document, its
browsable page, and the token pages of the account.

Requests with ``Authorization: Bearer <token>`` act as the token's owner, carry no session
(no cookie is read or set) and are rate-limited per token; the other requests act as the
logged-in user or as an anonymous visitor. Every error under ``/api/`` is JSON.
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from tavolo import errors
from tavolo.api import bp, services, spec
from tavolo.api.access import get_token_or_404
from tavolo.api.forms import RevokeForm, TokenForm
from tavolo.api.resources import RESOURCES, Resource, find
from tavolo.auth import sections
from tavolo.editing import saving
from tavolo.extensions import db, limiter

PREFIX = "/api/v1"  # the blueprint is registered at /api; its rules start with /v1
RULES = "/v1"
ERROR_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 429: "too_many_requests", 500: "server_error",
               503: "unavailable"}


@bp.record_once
def _plug_in(state) -> None:
    app = state.app
    app.config.setdefault("API_RATE_LIMIT", "600 per minute")
    errors.register_json_errors(app, PREFIX + "/", _http_error)
    sections.ACCOUNT_SECTIONS.add(app, sections.AccountSection(
        key="api", template="api/_account_section.html", load=_account_data, order=40))


# -- who asks -------------------------------------------------------------------------------

def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _rate_key() -> str:
    return "api-token:" + hashlib.sha256((_bearer() or "").encode()).hexdigest()[:32]


def _json_error(status: int, message: str, details: dict | None = None):
    body = {"status": status, "error": ERROR_CODES.get(status, "error"), "message": message}
    if details:
        body["details"] = details
    response = current_app.response_class(json.dumps(body, ensure_ascii=False), status=status,
                                          mimetype="application/json")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="tavolo"'
    return response


@bp.before_request
def _authenticate():
    if not request.path.startswith(PREFIX + "/"):
        return None  # the account's token pages use the session as every page does
    if "Authorization" not in request.headers:
        return None
    token = _bearer()
    user = services.authenticate(token) if token else None
    if user is None:
        return _json_error(401, _("Token non valido o revocato: crea un nuovo token nella "
                                  "pagina del tuo account."))
    # Flask-Login reads the user from ``g``: this request acts as the token's owner and
    # never loads nor writes the session.
    g._login_user = user
    g.api_token = True
    return None


@bp.after_request
def _no_session(response):
    if g.get("api_token"):
        session.modified = False
        response.vary.add("Authorization")
    return response


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=_rate_key,
              exempt_when=lambda: _bearer() is None, scope="api-token")(bp)


def _http_error(error: HTTPException):
    """Every error under /api/v1/ as JSON (see ``tavolo.errors.register_json_errors``)."""
    messages = {
        404: _("Non trovato: l'oggetto non esiste o non puoi vederlo."),
        405: _("L'API è in sola lettura: solo GET."),
        429: _("Troppe richieste: aspetta un minuto e riprova."),
        500: _("Errore imprevisto: riprova tra qualche istante."),
    }
    code = error.code or 500
    return _json_error(code, messages.get(code, error.description or ""))


# -- answers --------------------------------------------------------------------------------

def _respond(body: dict):
    """JSON with an ETag of its bytes; ``304`` when the client already has them."""
    data = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    response = current_app.response_class(data, mimetype="application/json")
    response.set_etag(hashlib.sha256(data.encode("utf-8")).hexdigest()[:32])
    # What an answer holds depends on who asks: never kept by shared caches.
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.update(("Authorization", "Cookie"))
    return response.make_conditional(request)


def _filters(resource: Resource) -> dict:
    unknown = sorted(set(request.args) - {f.data_key or name for name, f
                                          in resource.query().fields.items()})
    if unknown:
        return _bad({name: [_("Parametro sconosciuto.")] for name in unknown})
    try:
        return resource.query().load(request.args.to_dict())
    except ValidationError as error:
        return _bad(error.messages)


class _BadRequest(Exception):
    def __init__(self, details):
        self.details = details


def _bad(details):
    raise _BadRequest(details)


@bp.errorhandler(_BadRequest)
def _bad_request(error: _BadRequest):
    return _json_error(400, _("Parametri non validi: vedi «details»."), error.details)


def _check_login(resource: Resource):
    if resource.login_required and not current_user.is_authenticated:
        return _json_error(401, _("Questi dati sono solo per gli utenti della rete: usa un "
                                  "token personale."))
    return None


def _link(resource: Resource, filters: dict, page: int) -> str:
    args = {key: value for key, value in request.args.items() if key != "page"}
    return url_for(f"api.{resource.name}_list", **args, page=page)


def _list_view(resource: Resource):
    def view():
        refused = _check_login(resource)
        if refused is not None:
            return refused
        filters = _filters(resource)
        page, per_page = filters["page"], filters["per_page"]
        query = resource.select(current_user, filters)
        total = db.session.scalar(sa.select(sa.func.count()).select_from(
            query.order_by(None).subquery()))
        pages = max(1, -(-total // per_page))
        if page > pages:
            return _json_error(404, _("Pagina oltre l'ultima (%(pages)d).", pages=pages))
        rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
        items = resource.schema(many=True, context={"user": current_user}).dump(rows)
        return _respond({
            "items": items,
            "meta": {"page": page, "per_page": per_page, "total": total, "pages": pages},
            "links": {"self": _link(resource, filters, page),
                      "first": _link(resource, filters, 1),
                      "last": _link(resource, filters, pages),
                      "next": _link(resource, filters, page + 1) if page < pages else None,
                      "prev": _link(resource, filters, page - 1) if page > 1 else None}})
    view.__name__ = f"{resource.name}_list"
    view.__doc__ = resource.summary
    return view


def _detail_view(resource: Resource):
    def view(**values):
        refused = _check_login(resource)
        if refused is not None:
            return refused
        row = find(resource, current_user, values[resource.id_param])
        if row is None:
            return _json_error(404, _("Non trovato: l'oggetto non esiste o non puoi vederlo."))
        context = {"user": current_user}
        if resource.detail is not None:
            context.update(resource.detail(current_user, row))
        schema = resource.detail_schema or resource.schema
        return _respond(schema(context=context).dump(row))
    view.__name__ = f"{resource.name}_detail"
    view.__doc__ = resource.summary
    return view


for _resource in RESOURCES:
    bp.add_url_rule(f"{RULES}/{_resource.name}", endpoint=f"{_resource.name}_list",
                    view_func=_list_view(_resource), methods=["GET"])
    bp.add_url_rule(f"{RULES}/{_resource.name}/<int:{_resource.id_param}>",
                    endpoint=f"{_resource.name}_detail", view_func=_detail_view(_resource),
                    methods=["GET"])


@bp.get(f"{RULES}/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API, generated from its schemas."""
    document = spec.build(request.url_root.rstrip("/") + PREFIX)
    return _respond(document)


@bp.get(f"{RULES}/docs")
def docs():
    """The browsable documentation (Swagger UI, served from the vendored copy)."""
    return render_template("api/docs.html")


@bp.get(f"{RULES}/")
def index():
    """Where to start: the list of resources and the links to the documentation."""
    return _respond({"version": spec.VERSION,
                     "openapi": url_for("api.openapi", _external=True),
                     "docs": url_for("api.docs", _external=True),
                     "resources": {r.name: url_for(f"api.{r.name}_list", _external=True)
                                   for r in RESOURCES}})


# -- tokens on the account page -----------------------------------------------------------

def _account_data(user) -> dict:
    return {"tokens": services.tokens_of(user), "form": TokenForm(formdata=None, prefix="api"),
            "revoke_form": RevokeForm(formdata=None)}


def _back_to_account():
    return redirect(url_for("auth.account", _anchor="api-tokens"), code=303)


@bp.post("/tokens")
@login_required
def create_token():
    """Make a token and show it once, on a page of its own (never in a cookie)."""
    form = TokenForm(prefix="api")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return _back_to_account()
    with saving(form) as saved:
        row, token = services.create_token(current_user, form.name.data)
    if not saved:
        return _back_to_account()
    response = current_app.make_response(render_template(
        "api/token_created.html", token=token, row=row))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = get_token_or_404(token_id)
    form = RevokeForm()
    if not form.validate_on_submit():
        flash(_("Il modulo è scaduto: ricarica la pagina e riprova."), "danger")
        return _back_to_account()
    with saving(form) as saved:
        changed = services.revoke_token(current_user, token)
    if saved:
        flash(_("Token «%(name)s» revocato: non funziona più.", name=token.name) if changed
              else _("Il token era già revocato."), "success")
    return _back_to_account()

