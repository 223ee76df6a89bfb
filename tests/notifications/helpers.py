from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.notifications import services
from tavolo.notifications.models import Delivery, DigestItem, NotificationKind
from tavolo.outbox.models import OutboxMessage
from tavolo.types import ROME, utcnow


def choose(user, kind: str, delivery: str | None) -> None:
    services.set_choice(user, NotificationKind(kind), Delivery(delivery) if delivery else None)
    db.session.commit()


def outbox(to: str | None = None, category: str | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.id)
    if to:
        query = query.where(OutboxMessage.to_addr == to)
    if category:
        query = query.where(OutboxMessage.category == category)
    return list(db.session.scalars(query))


def digest_items(user=None) -> list[DigestItem]:
    query = sa.select(DigestItem).order_by(DigestItem.id)
    if user is not None:
        query = query.where(DigestItem.user_id == user.id)
    return list(db.session.scalars(query))


def tomorrow() -> dt.date:
    return utcnow().astimezone(ROME).date() + dt.timedelta(days=1)
