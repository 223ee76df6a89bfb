"""Directory rules: creating, changing and deleting organisations and people, with audit.

Services change the session and flush; the route commits once (``editing.saving``).
Nothing is cascaded silently: :func:`organization_impact` says what a deletion would touch
and what forbids it, and :func:`delete_organization` refuses when something does. Other
areas that refer to organisations say so through ``ORGANIZATION_REFERENCES``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from tavolo.audit.services import pending_changes, record
from tavolo.directory.models import InternshipHost, Organization, OrganizationKind, Person, Ring
from tavolo.domain import DomainError
from tavolo.editing import NOT_AUDITED, check_version, first_other, list_change, snapshot
from tavolo.extensions import db
from tavolo.registry import Registry
from tavolo.types import utcnow

ORGANIZATION_FIELDS = ("name", "short_name", "kind", "ring", "address", "phone", "email",
                       "website", "description", "active_since", "active_until")
HOST_FIELDS = ("sector", "places", "accepts_disability", "conditions", "last_contact_on")
PERSON_FIELDS = ("name", "organization_id", "role", "email", "phone", "notes", "user_id")


def _clean(values: dict, names: tuple[str, ...]) -> dict:
    cleaned = {}
    for name in names:
        if name not in values:
            continue
        value = values[name]
        cleaned[name] = value.strip() if isinstance(value, str) else value
    return cleaned


def organization_named(name: str, exclude_id: int | None = None) -> Organization | None:
    """The organisation with this name, ignoring case and surrounding spaces."""
    query = sa.select(Organization).where(
        sa.func.lower(Organization.name) == name.strip().lower())
    return first_other(query, Organization.id, exclude_id)


def _refuse_duplicate_name(name: str, exclude_id: int | None = None) -> None:
    if organization_named(name, exclude_id) is not None:
        raise DomainError(_l("Esiste già un ente di nome «%(name)s».", name=name.strip()))


def _host_values(host: InternshipHost | None) -> dict:
    if host is None:
        return {}
    return {f"host.{name}": getattr(host, name) for name in HOST_FIELDS}


def _apply_host(org: Organization, host: dict | None) -> None:
    if host is None:
        org.host = None
        return
    if org.host is None:
        org.host = InternshipHost()
    for name, value in _clean(host, HOST_FIELDS).items():
        setattr(org.host, name, value)


def _host_changes(before: dict, after: dict) -> dict[str, list]:
    changes = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            changes[key] = [str(old) if old is not None else None,
                            str(new) if new is not None else None]
    return changes


def create_organization(actor, *, areas=(), host: dict | None = None, action: str = "create",
                        **values) -> Organization:
    """A new organisation; ``host`` (sector, places …) makes it an internship host."""
    values = _clean(values, ORGANIZATION_FIELDS)
    _refuse_duplicate_name(values["name"])
    values["kind"] = OrganizationKind(values["kind"])
    values["ring"] = Ring(values.get("ring") or Ring.EXTENDED)
    org = Organization(**values)
    org.areas = areas
    _apply_host(org, host)
    db.session.add(org)
    db.session.flush()
    changes = snapshot(org)
    if org.areas:
        changes["areas"] = [None, [a.value for a in org.areas]]
    changes.update(_host_changes({}, _host_values(org.host)))
    record(actor, action, "organization", org.id, org.name, changes)
    return org


def update_organization(actor, org: Organization, *, expected_version: int | None = None,
                        areas=(), host: dict | None = None, **values) -> dict:
    """Apply an edit; refuses one made on an outdated page. Returns what changed."""
    check_version(org, expected_version)
    values = _clean(values, ORGANIZATION_FIELDS)
    if "name" in values:
        _refuse_duplicate_name(values["name"], exclude_id=org.id)
    if "kind" in values:
        values["kind"] = OrganizationKind(values["kind"])
    if "ring" in values:
        values["ring"] = Ring(values["ring"])
    old_areas, old_host = list(org.areas), _host_values(org.host)
    for name, value in values.items():
        setattr(org, name, value)
    org.areas = areas
    _apply_host(org, host)
    changes = pending_changes(org, exclude=NOT_AUDITED)
    area_change = list_change(old_areas, org.areas)
    if area_change:
        changes["areas"] = area_change
    changes.update(_host_changes(old_host, _host_values(org.host)))
    if changes:
        # Touching the row bumps its version even when only areas or the host profile moved.
        org.updated_at = utcnow()
        record(actor, "update", "organization", org.id, org.name, changes)
    db.session.flush()
    return changes


@dataclass
class ImpactItem:
    """One consequence of a deletion, with the objects concerned (for links)."""

    kind: str
    message: str
    objects: list = field(default_factory=list)


@dataclass
class Impact:
    blockers: list[ImpactItem] = field(default_factory=list)
    effects: list[ImpactItem] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.blockers


@dataclass(frozen=True)
class OrganizationReference:
    """How another area's rows refer to organisations, for the deletion page.

    ``assess(org, impact)`` adds to ``impact.blockers`` what forbids deleting ``org`` (its
    history) and to ``impact.effects`` what the deletion will detach; ``detach(org)`` then
    removes those links, before the row goes.
    """

    key: str
    assess: Callable[[Organization, Impact], None]
    detach: Callable[[Organization], None] | None = None
    order: int = 50


ORGANIZATION_REFERENCES: Registry[OrganizationReference] = Registry("organization_references")


def organization_impact(org: Organization) -> Impact:
    """What deleting ``org`` would touch (effects) and what forbids it (blockers).

    Other areas speak first (projects it leads, internships it hosted … forbid it;
    partnerships are detached); then its people and its host profile, detached after the
    coordinator has read the list.
    """
    impact = Impact()
    for reference in ORGANIZATION_REFERENCES.entries():
        reference.assess(org, impact)
    if org.people:
        impact.effects.append(ImpactItem("person", ngettext(
            "%(num)d persona resterà nella rubrica senza ente.",
            "%(num)d persone resteranno nella rubrica senza ente.", len(org.people)),
            list(org.people)))
    if org.host is not None:
        impact.effects.append(ImpactItem("host", _l(
            "La scheda di impresa ospitante (settore, posti, condizioni) sarà eliminata.")))
    return impact


def delete_organization(actor, org: Organization, *, expected_version: int | None = None) -> None:
    """Delete ``org`` after the coordinator confirmed the effects; refuse on blockers."""
    check_version(org, expected_version)
    impact = organization_impact(org)
    if not impact.allowed:
        raise DomainError(impact.blockers[0].message)
    changes = snapshot(org, removed=True)
    if org.areas:
        changes["areas"] = [[a.value for a in org.areas], None]
    changes.update(_host_changes(_host_values(org.host), {}))
    detached = [p.name for p in org.people]
    if detached:
        changes["people"] = [detached, None]
    for person in list(org.people):
        person.organization = None
    for reference in ORGANIZATION_REFERENCES.entries():
        if reference.detach is not None:
            reference.detach(org)
    record(actor, "delete", "organization", org.id, org.name, changes)
    db.session.delete(org)
    db.session.flush()


def _refuse_duplicate_person(values: dict, exclude_id: int | None = None) -> None:
    same_name = sa.select(Person.id).where(
        sa.func.lower(Person.name) == values["name"].lower())
    if values.get("organization_id"):
        same_name = same_name.where(Person.organization_id == values["organization_id"])
    else:
        same_name = same_name.where(Person.organization_id.is_(None))
    if first_other(same_name, Person.id, exclude_id) is not None:
        raise DomainError(_l("%(name)s è già nella rubrica con lo stesso ente.",
                               name=values["name"]))
    if values.get("email"):
        same_email = sa.select(Person.name).where(
            sa.func.lower(Person.email) == values["email"].lower())
        other = first_other(same_email, Person.id, exclude_id)
        if other is not None:
            raise DomainError(_l("L'indirizzo %(email)s è già di %(name)s.",
                                   email=values["email"], name=other))
    if values.get("user_id"):
        linked = sa.select(Person.name).where(Person.user_id == values["user_id"])
        other = first_other(linked, Person.id, exclude_id)
        if other is not None:
            raise DomainError(_l("Questo account è già collegato a %(name)s.", name=other))


def create_person(actor, *, action: str = "create", **values) -> Person:
    values = _clean(values, PERSON_FIELDS)
    _refuse_duplicate_person(values)
    person = Person(**values)
    db.session.add(person)
    db.session.flush()
    record(actor, action, "person", person.id, person.name, snapshot(person))
    return person


def update_person(actor, person: Person, *, expected_version: int | None = None,
                  **values) -> dict:
    check_version(person, expected_version)
    values = _clean(values, PERSON_FIELDS)
    _refuse_duplicate_person({"name": person.name, **values}, exclude_id=person.id)
    for name, value in values.items():
        setattr(person, name, value)
    changes = pending_changes(person, exclude=NOT_AUDITED)
    if changes:
        record(actor, "update", "person", person.id, person.name, changes)
    db.session.flush()
    return changes


def delete_person(actor, person: Person, *, expected_version: int | None = None) -> None:
    """Delete a contact; a linked login stays (only the link goes)."""
    check_version(person, expected_version)
    record(actor, "delete", "person", person.id, person.name, snapshot(person, removed=True))
    db.session.delete(person)
    db.session.flush()
