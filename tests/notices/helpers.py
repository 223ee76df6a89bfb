"""Notices for the tests, dated from today in Rome."""

from __future__ import annotations

import datetime as dt

from tavolo.extensions import db
from tavolo.notices.models import Notice, NoticeKind, NoticeSettings, NoticeStatus, today
from tavolo.types import utcnow
from tavolo.visibility import Visibility


def make_notice(*, title: str = "Bando regionale tirocini", visibility: str = "public",
                status: str = "published", kind: str = "funding", body: str = "Testo del bando.",
                deadline_in: int | None = None, expires_in: int | None = 30, author=None,
                commit: bool = True, **overrides) -> Notice:
    day = today()
    notice = Notice(
        title=title, kind=NoticeKind(kind), body=body, visibility=Visibility(visibility),
        status=NoticeStatus(status),
        deadline=None if deadline_in is None else day + dt.timedelta(days=deadline_in),
        expires_on=None if expires_in is None else day + dt.timedelta(days=expires_in),
        published_at=overrides.pop("published_at", utcnow()) if status == "published" else None,
        author_id=author.id if author is not None else None, **overrides)
    db.session.add(notice)
    if commit:
        db.session.commit()
    return notice


def allow_others(*, approval: bool) -> None:
    settings = db.session.get(NoticeSettings, 1) or NoticeSettings(id=1)
    settings.others_may_post, settings.approval_required = True, approval
    db.session.add(settings)
    db.session.commit()


def form(**values) -> dict:
    """The notice form as a browser posts it."""
    data = {"kind": "funding", "title": "Bando per tirocini di inclusione",
            "body": "Le domande si presentano **entro** la scadenza.", "visibility": "network",
            "deadline": "", "expires_on": "", "project_id": ""}
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}
