"""Personal API tokens: only a hash of each token is stored."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tavolo.auth.models import User
from tavolo.extensions import db
from tavolo.types import UTCDateTime, utcnow


class ApiToken(db.Model):
    """A token a user made for a script or another program (``Authorization: Bearer``).

    The token itself is shown once, when it is made; the table keeps its SHA-256 (tokens are
    long random strings, so a fast hash is enough) and the first characters, so the owner can
    tell the tokens apart. A revoked token stays listed with the date it stopped working.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    prefix: Mapped[str] = mapped_column(sa.String(12))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix}… of user {self.user_id}>"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def can_revoke(self, user) -> bool:
        """Only the owner revokes a token (a coordinator deactivating the account ends them
        all, since a token of an inactive account is refused)."""
        return bool(getattr(user, "is_authenticated", False)) and user.id == self.user_id
