"""Exporting organisations and people as CSV (two queries per file, whatever its size)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from tavolo.directory.csv_format import (
    ORGANIZATION_COLUMNS,
    PEOPLE_COLUMNS,
    area_label,
    kind_label,
    ring_label,
)
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.spreadsheet import write_rows


def _yes_no(value: bool) -> str:
    return "sì" if value else "no"


def organization_row(org: Organization) -> list:
    host = org.host
    return [
        org.name, org.short_name, kind_label(org.kind), ring_label(org.ring),
        ", ".join(area_label(a) for a in org.areas), org.address, org.phone, org.email,
        org.website, org.description, org.active_since or "", org.active_until or "",
        _yes_no(host is not None),
        host.sector if host else "", host.places if host else "",
        _yes_no(host.accepts_disability) if host else "",
        host.conditions if host else "",
        host.last_contact_on.strftime("%d/%m/%Y") if host and host.last_contact_on else "",
    ]


def organizations_csv() -> bytes:
    orgs = db.session.scalars(
        sa.select(Organization).order_by(sa.func.lower(Organization.name), Organization.id)
        .options(selectinload(Organization.area_rows), selectinload(Organization.host)))
    return write_rows([header for _name, header in ORGANIZATION_COLUMNS],
                      (organization_row(org) for org in orgs))


def people_csv(include_notes: bool) -> bytes:
    """People with their organisation; notes only for readers allowed to see them."""
    people = db.session.scalars(
        sa.select(Person).order_by(sa.func.lower(Person.name), Person.id)
        .options(joinedload(Person.organization)))
    columns = PEOPLE_COLUMNS if include_notes else PEOPLE_COLUMNS[:-1]
    rows = ([p.name, p.organization.name if p.organization else "", p.role, p.email, p.phone]
            + ([p.notes] if include_notes else []) for p in people)
    return write_rows([header for _name, header in columns], rows)
