"""What the account tests read back: the e-mails sent and the links in them."""

from __future__ import annotations

import re

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.outbox.models import OutboxMessage

NEW_PASSWORD = "una-password-nuova"


def messages_to(to: str) -> list[OutboxMessage]:
    """The e-mails written to ``to``, oldest first."""
    return list(db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.to_addr == to)
                                   .order_by(OutboxMessage.id)))


def link_path(message: OutboxMessage, prefix: str = "/") -> str:
    """The path of the first link of the site in ``message`` that starts with ``prefix``."""
    match = re.search(r"http://tavolo\.test(" + re.escape(prefix) + r"\S+)", message.body_text)
    assert match, message.body_text
    return match.group(1)
