"""What of the directory can be searched: organisations and people (logged-in readers).

Contacts and the coordinator's notes about people are not indexed: the directory is network
content, so its entries need the ``network`` level.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.directory.models import Organization, Person
from tavolo.extensions import db
from tavolo.visibility import Visibility


def _organizations(ids):
    rows = db.session.scalars(sa.select(Organization).where(Organization.id.in_(ids))
                              .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=o.id, title=o.name, visibility=Visibility.NETWORK,
        context=o.short_name,
        body="\n".join(filter(None, [o.short_name, o.description])))
        for o in rows]


def _people(ids):
    rows = db.session.scalars(
        sa.select(Person).where(Person.id.in_(ids))
        .options(selectinload(Person.organization))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=p.id, title=p.name, visibility=Visibility.NETWORK,
        context=" · ".join(filter(None, [p.role, p.organization.name if p.organization else ""])),
        body="\n".join(filter(None, [p.role, p.organization.name if p.organization else ""])))
        for p in rows]


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="organization", label=_l("Enti"), model=Organization, load=_organizations,
        order=80, url=lambda entry: url_for("directory.detail", org_id=entry.object_id)))
    search.register(app, search.SearchSource(
        key="person", label=_l("Persone"), model=Person, load=_people, order=85,
        url=lambda entry: url_for("directory.person_detail", person_id=entry.object_id),
        follows={Organization: lambda ids: sa.select(Person.id).where(
            Person.organization_id.in_(ids))},
        fields={Organization: ("name",)}))
