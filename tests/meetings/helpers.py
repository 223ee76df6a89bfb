"""Small helpers shared by the meeting tests."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage
from tests.factories import make_invitee


def invite_all(meeting, *persons):
    for person in persons:
        make_invitee(meeting, person, commit=False)
    db.session.commit()


def outbox(category: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if category:
        query = query.where(OutboxMessage.category == category)
    return list(db.session.scalars(query))
