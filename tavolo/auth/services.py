"""Account rules: authentication, invitations, password resets and role changes."""

from __future__ import annotations

import sqlalchemy as sa
from argon2 import PasswordHasher
from flask import current_app
from flask_babel import lazy_gettext as _l

from tavolo.audit.services import pending_changes, record
from tavolo.auth.models import Role, User, normalise_email
from tavolo.auth.tokens import Purpose, make_token
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.outbox.mail import absolute_url, send_templated
from tavolo.types import utcnow

# Verifying against a throwaway hash when the address is unknown makes a failed login take
# the same time whether or not the account exists.
_DUMMY_HASH = PasswordHasher().hash("tavolo-dummy-password")


class AccountError(DomainError):
    """A rule was broken; the message is shown to the user as is."""


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    user = find_user(email)
    if user is None or not user.has_password:
        try:
            PasswordHasher().verify(_DUMMY_HASH, password + "x")
        except Exception:  # noqa: BLE001 - always fails, only here to spend the time
            pass
        return None
    if not user.check_password(password):
        return None
    if not user.active:
        return None
    return user


def _send_invitation(user: User, inviter: User | None) -> None:
    token = make_token(user, Purpose.INVITATION)
    send_templated(
        to_addr=user.email, to_name=user.name, locale=user.locale,
        template="invitation", category="invitation",
        subject=_l("Invito a partecipare al Tavolo"),
        user=user, inviter=inviter, link=absolute_url("auth.accept_invitation", token=token),
        days=current_app.config["INVITATION_MAX_AGE_DAYS"],
    )


def invite_user(inviter: User, *, email: str, name: str, role: Role, locale: str = "it") -> User:
    """Create an account without a password and write the invitation to the outbox."""
    email = normalise_email(email)
    existing = find_user(email)
    if existing is not None:
        if existing.has_password:
            raise AccountError(_l("Esiste già un account con questo indirizzo e-mail."), "email")
        raise AccountError(_l("Questa persona è già stata invitata: puoi inviare di nuovo "
                              "l'invito dalla sua scheda."), "email")
    user = User(email=email, name=name.strip(), role=Role(role), locale=locale, active=True,
                invited_at=utcnow(), invited_by=inviter)
    db.session.add(user)
    db.session.flush()
    _send_invitation(user, inviter)
    record(inviter, "invite", "user", user.id, user.email,
           {"role": [None, user.role.value], "name": [None, user.name]})
    return user


def resend_invitation(inviter: User, user: User) -> None:
    """A new invitation link; earlier links for this account stop working."""
    if user.has_password:
        raise AccountError(_l("Questa persona ha già attivato il suo account."))
    if not user.active:
        raise AccountError(_l("L'account è disattivato: riattivalo prima di invitare di nuovo."))
    user.rotate_security_stamp()
    user.invited_at = utcnow()
    _send_invitation(user, inviter)
    record(inviter, "reinvite", "user", user.id, user.email)


def request_password_reset(email: str) -> None:
    """Write a message about resetting the password to the outbox, whoever the address is.

    The account holder gets a link; an address without an active account gets the same
    message without one, saying so. Both take the same steps (one lookup, the same
    templates, one message written), so neither the answer nor its timing tells who has an
    account. Nothing in the account changes until the link is used.
    """
    user = find_user(email)
    known = user is not None and user.active
    # The same token work either way; only the account holder's message shows the link.
    holder = user if known else User(id=0, email=normalise_email(email), name="",
                                     role=Role.PARTNER, security_stamp="-")
    link = absolute_url("auth.reset_password", token=make_token(holder, Purpose.PASSWORD_RESET))
    send_templated(
        to_addr=holder.email, to_name=holder.name, locale=holder.locale or "it",
        template="password_reset", category="password_reset",
        subject=_l("Reimpostazione della password"),
        user=holder, link=link if known else None,
        hours=current_app.config["PASSWORD_RESET_MAX_AGE_HOURS"],
    )


def set_new_password(user: User, password: str, *, via: str) -> None:
    """Set the password (which invalidates every outstanding link and other sessions)."""
    first_time = not user.has_password
    user.set_password(password)
    record(user, "activate" if first_time else f"password-{via}", "user", user.id, user.email)


def _active_coordinators() -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(User)
        .where(User.role == Role.COORDINATOR, User.active.is_(True))
    )


def update_user(actor: User, user: User, *, role: Role, active: bool) -> None:
    """Change role and active flag, keeping at least one active coordinator."""
    if user.id == actor.id and (role != user.role or not active):
        raise AccountError(_l("Non puoi cambiare il tuo ruolo né disattivare il tuo account: "
                              "chiedi a un altro coordinatore."))
    losing_coordinator = user.is_coordinator and user.active and (
        role != Role.COORDINATOR or not active)
    if losing_coordinator and _active_coordinators() <= 1:
        raise AccountError(_l("Deve restare almeno un coordinatore attivo."))
    user.role = Role(role)
    user.active = active
    changes = pending_changes(user)
    if "active" in changes and not active:
        # Logged-in sessions of a deactivated user end at their next request.
        user.rotate_security_stamp()
    if changes:
        record(actor, "update", "user", user.id, user.email, changes)


def update_account(user: User, *, name: str, locale: str) -> None:
    user.name = name.strip()
    user.locale = locale
    changes = pending_changes(user)
    if changes:
        record(user, "update", "user", user.id, user.email, changes)


def create_coordinator(email: str, name: str, password: str) -> User:
    """The first coordinator of an empty installation (from the command line)."""
    email = normalise_email(email)
    if find_user(email) is not None:
        raise AccountError(_l("Esiste già un account con questo indirizzo e-mail."))
    user = User(email=email, name=name.strip() or email, role=Role.COORDINATOR, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record(None, "create", "user", user.id, user.email, {"role": [None, "coordinator"]})
    return user
