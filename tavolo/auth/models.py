"""User accounts and roles."""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tavolo.extensions import db
from tavolo.types import LabelledEnum, UTCDateTime, str_enum, utcnow
from tavolo.visibility import Visibility

_hasher = PasswordHasher()


class Role(LabelledEnum):
    COORDINATOR = "coordinator", _l("Coordinatore/coordinatrice")
    MEMBER = "member", _l("Membro del gruppo ristretto")
    PARTNER = "partner", _l("Partner della rete allargata")


ROLE_LABELS = Role.labels()

ROLE_CLEARANCE = {
    Role.COORDINATOR: Visibility.PRIVATE,
    Role.MEMBER: Visibility.CORE,
    Role.PARTNER: Visibility.NETWORK,
}

LANGUAGES = {"it": "Italiano", "en": "English"}


def new_security_stamp() -> str:
    return secrets.token_urlsafe(16)


def normalise_email(email: str) -> str:
    """E-mail addresses are unique regardless of case and surrounding spaces."""
    return email.strip().lower()


class User(UserMixin, db.Model):
    """A login. What a user wrote stays when the account is deactivated."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(str_enum(Role, "user_role", 20))
    locale: Mapped[str] = mapped_column(sa.String(5), default="it")
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Changes whenever the password changes: invalidates outstanding links and other sessions.
    security_stamp: Mapped[str] = mapped_column(sa.String(40), default=new_security_stamp)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    invited_by: Mapped[User | None] = relationship(remote_side=[id])

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"

    # Flask-Login: the session remembers the stamp too, so a password change logs out
    # every other session of this user, and a deactivated account is dropped at once.
    def get_id(self) -> str:
        return f"{self.id}:{self.security_stamp}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_pending_invitation(self) -> bool:
        return self.password_hash is None and self.invited_at is not None

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_core(self) -> bool:
        """Members and coordinators: the restricted group."""
        return self.role in (Role.COORDINATOR, Role.MEMBER)

    @property
    def clearance(self) -> Visibility:
        return ROLE_CLEARANCE[self.role]

    def rotate_security_stamp(self) -> None:
        """Invalidate outstanding links and the sessions of this user."""
        self.security_stamp = new_security_stamp()

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)
        self.rotate_security_stamp()

    def check_password(self, password: str) -> bool:
        """Verify ``password``; upgrade the hash when the hasher's parameters have changed."""
        if not self.password_hash:
            return False
        try:
            _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
        return True


class AnonymousUser(AnonymousUserMixin):
    """The visitor who has not logged in: sees public content only."""

    role = None
    name = ""
    locale = None
    is_coordinator = False
    is_core = False
    clearance = Visibility.PUBLIC
