"""Recent activity: new documents, only those whose owner the reader may see and whose own
level does not keep them from the reader (the owners' permission methods, ``owners.RULES``).

Bounded: the newest ``limit * 3`` documents, then one query per kind of owner among them.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from tavolo.dashboard.blocks import Activity
from tavolo.documents.models import Document, OwnerKind
from tavolo.documents.owners import RULES
from tavolo.extensions import db
from tavolo.meetings.models import AgendaItem, Meeting, Minutes

# Owners whose permission reads their meeting (and the meeting's minutes): load them with it.
_EAGER = {
    OwnerKind.AGENDA_ITEM: (joinedload(AgendaItem.meeting).joinedload(Meeting.minutes),),
    OwnerKind.MINUTES: (joinedload(Minutes.meeting).joinedload(Meeting.minutes),),
    OwnerKind.MEETING: (joinedload(Meeting.minutes),),
}


def added(user, limit: int) -> list[Activity]:
    documents = db.session.scalars(
        sa.select(Document).order_by(Document.created_at.desc(), Document.id.desc())
        .limit(limit * 3)).all()
    wanted: dict[OwnerKind, set[int]] = defaultdict(set)
    for document in documents:
        if not document.narrowed_for(user):
            wanted[OwnerKind(document.owner_kind)].add(document.owner_id)
    visible: set[tuple[OwnerKind, int]] = set()
    for kind, ids in wanted.items():
        rules = RULES[kind]
        owners = db.session.scalars(
            sa.select(rules.model).where(rules.model.id.in_(ids))
            .options(*_EAGER.get(kind, ()))).unique()
        visible.update((kind, owner.id) for owner in owners if rules.can_view(owner, user))
    return [Activity(at=d.created_at, kind=_l("Nuovo documento"), title=d.title,
                     url=url_for("documents.detail", document_id=d.id))
            for d in documents
            if not d.narrowed_for(user) and (OwnerKind(d.owner_kind), d.owner_id) in visible
            ][:limit]
