"""Signed, expiring, single-use links for invitations and password resets.

A token carries the user's id and a fingerprint of the account's security stamp and
password hash, signed with the app's secret key and a purpose-specific salt. Asking for a
link changes nothing in the account (so nobody can end someone's sessions by asking for
links on their behalf); setting a password changes the stamp and the hash, so the link that
was used, and every other outstanding one, stops working. A new invitation rotates the stamp
on purpose, ending earlier invitations.
"""

from __future__ import annotations

import enum
import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tavolo.auth.models import User
from tavolo.extensions import db


class Purpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"


class TokenProblem(enum.StrEnum):
    EXPIRED = "expired"
    INVALID = "invalid"
    USED = "used"


class TokenError(Exception):
    def __init__(self, problem: TokenProblem):
        super().__init__(problem.value)
        self.problem = problem


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"tavolo-{purpose}")


def max_age(purpose: Purpose) -> int:
    if purpose is Purpose.INVITATION:
        return int(current_app.config["INVITATION_MAX_AGE_DAYS"]) * 24 * 3600
    return int(current_app.config["PASSWORD_RESET_MAX_AGE_HOURS"]) * 3600


def fingerprint(user: User) -> str:
    """Changes whenever the password or the security stamp does; reveals neither."""
    material = f"{user.security_stamp}:{user.password_hash or ''}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def make_token(user: User, purpose: Purpose) -> str:
    return _serializer(purpose).dumps({"u": user.id, "s": fingerprint(user)})


def read_token(token: str, purpose: Purpose) -> User:
    """The user a valid token is for; :class:`TokenError` says why it is not valid."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age(purpose))
    except SignatureExpired as exc:
        raise TokenError(TokenProblem.EXPIRED) from exc
    except BadSignature as exc:
        raise TokenError(TokenProblem.INVALID) from exc
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise TokenError(TokenProblem.INVALID)
    user = db.session.get(User, data["u"])
    if user is None or not user.active:
        raise TokenError(TokenProblem.INVALID)
    if not isinstance(data.get("s"), str) or not hmac.compare_digest(data["s"],
                                                                      fingerprint(user)):
        raise TokenError(TokenProblem.USED)
    return user
