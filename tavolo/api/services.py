"""Making, checking and revoking personal API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from tavolo.api.models import ApiToken
from tavolo.auth.models import User
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.types import utcnow

PREFIX = "tvl_"
MAX_ACTIVE_TOKENS = 20
# Writing "last used" on every request would make each API read a write: once a minute is
# enough to tell the owner whether a token is still in use.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class TokenError(DomainError):
    """A token that cannot be made or revoked."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token for ``user``; return the row and the token, which is never stored."""
    name = name.strip()
    if not name:
        raise TokenError(_l("Dai un nome al token, per ricordare dove lo usi."), field="name")
    active = db.session.scalar(sa.select(sa.func.count(ApiToken.id)).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)))
    if active >= MAX_ACTIVE_TOKENS:
        raise TokenError(_l("Hai già %(n)d token attivi: revocane uno prima di crearne un "
                            "altro.", n=MAX_ACTIVE_TOKENS), field="name")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, prefix=token[:10], token_hash=hash_token(token))
    db.session.add(row)
    db.session.flush()
    return row, token


def revoke_token(user: User, token: ApiToken) -> bool:
    """Revoke ``token``; ``False`` when it was already revoked."""
    if not token.can_revoke(user):
        raise TokenError(_l("Puoi revocare solo i tuoi token."))
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.flush()
    return True


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)
                                   .order_by(ApiToken.revoked_at.is_not(None),
                                             ApiToken.created_at.desc(), ApiToken.id.desc())))


def authenticate(token: str) -> User | None:
    """The active owner of an active ``token``, or ``None``; notes when it was used."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
        # Its own small statement and commit: a read-only request must not hold a write lock.
        db.session.execute(sa.update(ApiToken).where(ApiToken.id == row.id)
                           .values(last_used_at=now))
        db.session.commit()
    return row.user
