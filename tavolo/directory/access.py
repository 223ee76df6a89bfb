"""One place that answers "may the reader do this?" for directory pages (403/404 in one go)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tavolo.directory.models import Organization, Person
from tavolo.extensions import db


def require_manager() -> None:
    """Coordinators only; the blueprint already sent anonymous visitors to the login page."""
    if not Organization.can_manage(current_user):
        abort(403)


def require_export() -> None:
    if not Organization.can_export(current_user):
        abort(403)


def get_or_404(model, object_id: int, need: str, options=()):
    """A row of the directory after checking ``need`` (``view`` or ``manage``)."""
    if need == "manage":
        require_manager()
    found = db.session.get(model, object_id, options=list(options))
    if found is None:
        abort(404)
    return found


def get_organization_or_404(org_id: int, need: str = "view", options=()) -> Organization:
    """The organisation, after checking ``need`` (``view`` or ``manage``) for the reader."""
    return get_or_404(Organization, org_id, need, options)


def get_person_or_404(person_id: int, need: str = "view", options=()) -> Person:
    return get_or_404(Person, person_id, need, options)
