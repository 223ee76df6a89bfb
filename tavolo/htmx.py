"""The one place that decides whether a request gets a full page or an htmx fragment."""

from __future__ import annotations

from flask import make_response, redirect, render_template, request


def wants_fragment() -> bool:
    """True for htmx requests that swap part of a page (not boosted, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, fragment: str | None = None, status: int = 200, **context):
    """Render ``fragment`` for an htmx swap, ``page`` (which includes it) otherwise."""
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def redirect_after_post(location: str):
    """303 to ``location``; htmx follows it with ``HX-Location`` instead of swapping."""
    if wants_fragment():
        response = make_response("", 204)
        response.headers["HX-Location"] = location
        return response
    return redirect(location, code=303)
