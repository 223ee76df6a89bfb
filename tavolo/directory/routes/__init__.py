"""The partner directory's views: organisations, people, CSV (the internship hosts are
the internships area's pages, in the same URL space).

Every page needs a login (anonymous visitors see nothing of the directory); changes are for
coordinators. Views validate, call a service and commit once through ``saving``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tavolo import navigation
from tavolo.audit import history
from tavolo.directory import bp
from tavolo.directory.models import AREA_LABELS, KIND_LABELS, RING_LABELS, Organization
from tavolo.directory.routes import csv, organizations, people  # noqa: F401
from tavolo.extensions import login_manager


@bp.record_once
def _plug_in(state) -> None:
    navigation.add(state.app, "directory.index", _l("Rete"), 50, "authenticated",
                   ("directory", "internships"))  # the hosts pages are directory pages
    history.VOCABULARY.add(state.app, VOCABULARY)


@bp.before_request
def _logged_in_only():
    """The directory is network content: anonymous visitors are asked to log in."""
    if not Organization.can_view(current_user):
        return login_manager.unauthorized()
    return None


VOCABULARY = history.Vocabulary(
    key="directory",
    types={"organization": _l("Ente"), "person": _l("Persona")},
    fields={
        "short_name": _l("Nome breve"), "kind": _l("Tipo"), "ring": _l("Partecipazione"),
        "areas": _l("Aree di intervento"), "address": _l("Indirizzo"),
        "phone": _l("Telefono"), "email": _l("E-mail"), "website": _l("Sito web"),
        "active_since": _l("Nel Tavolo dal"), "active_until": _l("Nel Tavolo fino al"),
        "people": _l("Persone"), "host.sector": _l("Settore"),
        "host.places": _l("Posti per tirocini"),
        "host.accepts_disability": _l("Tirocini per persone con disabilità"),
        "host.conditions": _l("Condizioni"), "host.last_contact_on": _l("Ultimo contatto"),
        "organization_id": _l("Ente"), "role": _l("Ruolo"),
    },
    values={"kind": KIND_LABELS, "ring": RING_LABELS, "areas": AREA_LABELS},
    names={"organization": (Organization.id, Organization.name)},
    references={"organization_id": "organization"},
)
