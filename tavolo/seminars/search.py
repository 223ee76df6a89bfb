"""What of the seminars area can be searched: each seminar, with its abstract and speakers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from tavolo import search
from tavolo.extensions import db
from tavolo.seminars.models import Seminar, Speaker
from tavolo.types import ROME


def _speaker(speaker: Speaker) -> str:
    name = speaker.person.name if speaker.person is not None else speaker.name
    return " – ".join(filter(None, [name, speaker.affiliation]))


def _seminars(ids):
    rows = db.session.scalars(
        sa.select(Seminar).where(Seminar.id.in_(ids))
        .options(selectinload(Seminar.speakers).selectinload(Speaker.person),
                 selectinload(Seminar.topics), selectinload(Seminar.projects))
        .execution_options(populate_existing=True))
    return [search.SearchDocument(
        object_id=s.id, title=s.title, visibility=s.visibility,
        project_id=s.projects[0].id if s.projects else None,
        year=s.starts_at.astimezone(ROME).year, happened_at=s.starts_at,
        context=" · ".join(filter(None, [f"{s.starts_at.astimezone(ROME):%d/%m/%Y}", s.place])),
        body="\n".join(filter(None, [s.abstract, s.place,
                                     *(_speaker(sp) for sp in s.speakers),
                                     *(t.name for t in s.topics)])))
        for s in rows]


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="seminar", label=_l("Seminari"), model=Seminar, load=_seminars, order=40,
        url=lambda entry: url_for("seminars.detail", seminar_id=entry.object_id),
        follows={Speaker: lambda ids: sa.select(Speaker.seminar_id).where(Speaker.id.in_(ids))}))
