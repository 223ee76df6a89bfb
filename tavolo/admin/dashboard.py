"""The coordinator's dashboard blocks owned by the administration: mail and accounts."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage, OutboxStatus


@dataclass
class HousekeepingCounts:
    pending_mail: int
    failed_mail: int
    invited_accounts: int

    def __bool__(self) -> bool:
        return bool(self.pending_mail or self.failed_mail or self.invited_accounts)


def housekeeping(user) -> HousekeepingCounts:
    """Mail not yet delivered or undeliverable, and accounts invited but never activated.

    Two queries whatever the size of the outbox.
    """
    by_status = dict(db.session.execute(
        sa.select(OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING,
                                         OutboxStatus.FAILED]))
        .group_by(OutboxMessage.status)).all())
    invited = db.session.scalar(
        sa.select(sa.func.count()).select_from(User)
        .where(User.password_hash.is_(None), User.active.is_(True)))
    return HousekeepingCounts(
        pending_mail=by_status.get(OutboxStatus.PENDING, 0) + by_status.get(OutboxStatus.SENDING, 0),
        failed_mail=by_status.get(OutboxStatus.FAILED, 0),
        invited_accounts=invited or 0)
