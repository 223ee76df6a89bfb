"""What of the notice board can be searched: each notice, with its body.

A notice waiting for approval or rejected is found only by coordinators (level
``private``): its author finds it on the board page.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from tavolo import search
from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeStatus
from tavolo.types import ROME
from tavolo.visibility import Visibility


def notice_level(notice: Notice) -> Visibility:
    """Who may read the notice, as one level (documents attached to it follow it)."""
    if notice.status != NoticeStatus.PUBLISHED:
        return Visibility.PRIVATE
    return Visibility(notice.visibility)


def _notices(ids):
    rows = db.session.scalars(sa.select(Notice).where(Notice.id.in_(ids))
                              .execution_options(populate_existing=True))
    found = []
    for notice in rows:
        when = notice.published_at or notice.created_at
        found.append(search.SearchDocument(
            object_id=notice.id, title=notice.title, body=notice.body,
            visibility=notice_level(notice), project_id=notice.project_id,
            year=when.astimezone(ROME).year, happened_at=when,
            context=" · ".join(filter(None, [
                notice.kind.label,
                f"{_l('scadenza')} {notice.deadline:%d/%m/%Y}" if notice.deadline else ""]))))
    return found


def register_search(app: Flask) -> None:
    search.register(app, search.SearchSource(
        key="notice", label=_l("Avvisi"), model=Notice, load=_notices, order=42,
        url=lambda entry: url_for("notices.detail", notice_id=entry.object_id)))
