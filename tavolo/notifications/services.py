"""The one entry point for notifications, the preferences behind it and the daily digest.

Domain areas call :func:`notify` for a user and a kind; what happens depends on the user's
choice for that kind (or the network's default): the mail leaves now through the outbox
(with a one-click unsubscribe link for that kind, RFC 8058), or a short item waits for the
user's daily digest, or nothing happens. Services change the session and flush; the caller
commits (``send_digests`` commits each user's day itself: it runs from a timer command).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from tavolo.audit.services import record
from tavolo.auth.models import User
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.notifications.models import (
    BUILT_IN_DEFAULTS,
    Delivery,
    Digest,
    DigestItem,
    NotificationDefault,
    NotificationKind,
    NotificationPreference,
)
from tavolo.outbox.mail import absolute_url, mail_request_context, send_templated
from tavolo.outbox.models import OutboxMessage
from tavolo.types import ROME, utcnow

UNSUBSCRIBE_SALT = "tavolo-notification-unsubscribe"
ONE_CLICK = "List-Unsubscribe=One-Click"


# -- preferences ---------------------------------------------------------------------------

def network_defaults() -> dict[NotificationKind, Delivery]:
    """The default of every kind: the coordinators' choice, else the built-in one."""
    chosen = dict(BUILT_IN_DEFAULTS)
    for row in db.session.scalars(sa.select(NotificationDefault)):
        chosen[row.kind] = row.delivery
    return chosen


def choices_of(user) -> dict[NotificationKind, Delivery | None]:
    """The user's own choice per kind (``None``: follows the network's default)."""
    rows = db.session.scalars(sa.select(NotificationPreference)
                              .where(NotificationPreference.user_id == user.id))
    own = {row.kind: row.delivery for row in rows}
    return {kind: own.get(kind) for kind in NotificationKind}


def delivery_for(user, kind: NotificationKind) -> Delivery:
    """What happens to a notification of ``kind`` for ``user`` (two small queries at most)."""
    own = db.session.scalar(sa.select(NotificationPreference.delivery).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == kind))
    if own is not None:
        return own
    default = db.session.scalar(sa.select(NotificationDefault.delivery)
                                .where(NotificationDefault.kind == kind))
    return default if default is not None else BUILT_IN_DEFAULTS[kind]


def set_choice(user, kind: NotificationKind, delivery: Delivery | None) -> bool:
    """Set (or, with ``None``, forget) one choice; return whether anything changed."""
    row = db.session.get(NotificationPreference, (user.id, kind))
    if delivery is None:
        if row is None:
            return False
        db.session.delete(row)
    elif row is None:
        db.session.add(NotificationPreference(user_id=user.id, kind=kind, delivery=delivery))
    elif row.delivery == delivery:
        return False
    else:
        row.delivery = delivery
    db.session.flush()
    return True


def set_choices(user, choices: dict[NotificationKind, Delivery | None]) -> int:
    """Save the account page's choices; return how many changed."""
    if not getattr(user, "is_authenticated", False):
        raise DomainError(_l("Accedi per scegliere le tue notifiche."))
    return sum(set_choice(user, kind, delivery) for kind, delivery in choices.items())


def set_defaults(actor, defaults: dict[NotificationKind, Delivery]) -> int:
    """The coordinators' defaults; recorded in the audit log. Return how many changed."""
    if not getattr(actor, "is_coordinator", False):
        raise DomainError(_l("Solo chi coordina può cambiare le impostazioni predefinite."))
    before = network_defaults()
    changes = {}
    for kind, delivery in defaults.items():
        if before[kind] == delivery:
            continue
        row = db.session.get(NotificationDefault, kind)
        if row is None:
            db.session.add(NotificationDefault(kind=kind, delivery=delivery))
        else:
            row.delivery = delivery
        changes[kind.value] = [before[kind].value, delivery.value]
    db.session.flush()
    if changes:
        record(actor, "update", "notification_defaults", None,
               _("Notifiche: impostazioni predefinite"), changes)
    return len(changes)


# -- unsubscribe links ---------------------------------------------------------------------

class UnsubscribeLinkError(DomainError):
    """A link that is tampered, malformed, expired or for an account that is gone."""

    def __init__(self, message, reason: str):
        super().__init__(message)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user, kind: NotificationKind) -> str:
    return _serializer().dumps([user.id, NotificationKind(kind).value])


def unsubscribe_url(user, kind: NotificationKind) -> str:
    return absolute_url("notifications.unsubscribe", token=unsubscribe_token(user, kind))


def link_max_age() -> int:
    """Seconds an unsubscribe link works (``UNSUBSCRIBE_LINK_DAYS``, one year by default)."""
    return int(current_app.config.get("UNSUBSCRIBE_LINK_DAYS") or 365) * 86400


def read_unsubscribe_token(token: str) -> tuple[User, NotificationKind]:
    """The user and kind of a link; raises :class:`UnsubscribeLinkError` for anything else."""
    try:
        user_id, kind = _serializer().loads(token, max_age=link_max_age())
        kind = NotificationKind(kind)
        if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id < 2**63:
            raise ValueError(user_id)
    except SignatureExpired as exc:
        raise UnsubscribeLinkError(_l("Il collegamento è scaduto."), "expired") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise UnsubscribeLinkError(_l("Il collegamento non è valido: forse è stato copiato "
                                      "solo in parte."), "invalid") from exc
    user = db.session.get(User, user_id)
    if user is None:
        raise UnsubscribeLinkError(_l("L'account di questo collegamento non esiste più."),
                                   "unknown")
    return user, kind


def unsubscribe(user, kind: NotificationKind) -> bool:
    """Turn ``kind`` off for ``user`` (idempotent); return whether it was on."""
    was = delivery_for(user, kind)
    set_choice(user, kind, Delivery.OFF)
    return was != Delivery.OFF


# -- the entry point -----------------------------------------------------------------------

def _day(now: dt.datetime) -> dt.date:
    return now.astimezone(ROME).date()


def _footer_text(user, kind: NotificationKind, url: str) -> str:
    with mail_request_context(), force_locale(user.locale or "it"):
        return "\n" + _("Non vuoi più ricevere queste e-mail («%(kind)s»)? Disattivale con un "
                        "clic: %(url)s", kind=kind.label, url=url) + "\n" + \
            _("Tutte le preferenze: %(url)s", url=absolute_url("auth.account",
                                                               _anchor="notifications")) + "\n"


def notify(user, kind, *, template: str, subject, context: dict,
           parts: Iterable[dict] = (), personal: bool = False, category: str | None = None,
           to_addr: str | None = None) -> OutboxMessage | DigestItem | None:
    """Tell ``user`` about something of ``kind`` as the user chose.

    * immediate: ``send_templated(template=…, subject=…, parts=…, **context)`` to the
      user's address (or ``to_addr``), with ``List-Unsubscribe`` / ``List-Unsubscribe-Post``
      headers and a footer link that turns ``kind`` off; returns the outbox message;
    * daily digest: stores a :class:`DigestItem` (the subject in the user's language,
      ``context["summary"]`` as short text, ``context["link"]`` or ``context["url"]``);
      ``flask --app tavolo digest send`` mails it the next day; returns the item;
    * off, or a deactivated user: nothing, returns ``None``.

    ``personal=True`` (a meeting invitation with its iCalendar parts, made to this person)
    is sent immediately whatever the preference. ``subject`` should be a lazy string.
    """
    kind = NotificationKind(kind)
    if user is None or not user.active or not user.email:
        return None
    delivery = Delivery.IMMEDIATE if personal else delivery_for(user, kind)
    if delivery == Delivery.OFF:
        return None
    if delivery == Delivery.DIGEST:
        with mail_request_context(), force_locale(user.locale or "it"):
            line = str(subject)
        now = utcnow()
        item = DigestItem(user_id=user.id, day=_day(now), kind=kind, created_at=now,
                          subject=line[:300], text=str(context.get("summary") or "")[:500],
                          link=str(context.get("link") or context.get("url") or "")[:1000])
        db.session.add(item)
        db.session.flush()
        return item
    url = unsubscribe_url(user, kind)
    message = send_templated(
        to_addr=to_addr or user.email, to_name=user.name, locale=user.locale,
        template=template, subject=subject, category=category or f"notify-{kind.value}",
        parts=parts, headers={"List-Unsubscribe": f"<{url}>",
                              "List-Unsubscribe-Post": ONE_CLICK},
        unsubscribe_url=url, unsubscribe_kind=kind, **context)
    message.body_text = message.body_text.rstrip("\n") + "\n" + _footer_text(user, kind, url)
    return message


# -- the daily digest ----------------------------------------------------------------------

@dataclass
class DigestReport:
    sent: int = 0
    items: int = 0
    skipped: int = 0
    days: list[tuple[int, dt.date]] = field(default_factory=list)


def waiting_days(today: dt.date) -> list[tuple[int, dt.date]]:
    """(user id, day) with items not yet sent, for days before ``today``, active users."""
    return [tuple(row) for row in db.session.execute(
        sa.select(DigestItem.user_id, DigestItem.day)
        .join(User, User.id == DigestItem.user_id)
        .where(DigestItem.digest_id.is_(None), DigestItem.day < today, User.active.is_(True))
        .distinct().order_by(DigestItem.day, DigestItem.user_id))]


def _send_day(user: User, day: dt.date) -> int:
    """Claim the user's waiting items of ``day`` under a new unique digest and mail them."""
    digest = Digest(user_id=user.id, day=day)
    db.session.add(digest)
    db.session.flush()  # IntegrityError: that day was already sent (or is being sent)
    db.session.execute(
        sa.update(DigestItem)
        .where(DigestItem.user_id == user.id, DigestItem.day == day,
               DigestItem.digest_id.is_(None))
        .values(digest_id=digest.id).execution_options(synchronize_session=False))
    items = db.session.scalars(sa.select(DigestItem).where(DigestItem.digest_id == digest.id)
                               .order_by(DigestItem.created_at, DigestItem.id)).all()
    digest.item_count = len(items)
    if not items:
        return 0
    groups = []
    for kind in NotificationKind:
        mine = [item for item in items if item.kind == kind]
        if mine:
            groups.append((kind, mine, unsubscribe_url(user, kind)))
    send_templated(
        to_addr=user.email, to_name=user.name, locale=user.locale,
        template="notification_digest", category="notify-digest",
        subject=_l("Il riepilogo del %(day)s", day=day.strftime("%d/%m/%Y")),
        groups=groups, day=day, recipient=user,
        preferences_url=absolute_url("auth.account", _anchor="notifications"))
    return len(items)


def send_digests(today: dt.date | None = None) -> DigestReport:
    """Send one digest per user and day before ``today`` (Europe/Rome); commits per day.

    Run twice, or again after a run that stopped halfway, it sends nothing twice and loses
    nothing: each day is one transaction that creates the unique (user, day) digest, marks
    the items with it and writes the mail; a failure rolls back that day alone.
    """
    today = today or _day(utcnow())
    report = DigestReport()
    pending = waiting_days(today)
    db.session.commit()
    for user_id, day in pending:
        user = db.session.get(User, user_id)
        try:
            count = _send_day(user, day)
        except IntegrityError:
            db.session.rollback()
            report.skipped += 1
            continue
        except Exception:
            db.session.rollback()
            raise
        db.session.commit()
        if count:
            report.sent += 1
            report.items += count
            report.days.append((user_id, day))
    return report
