"""Secret feed addresses, the reminder preference, and what each feed last served.

A feed address ends with a token that lets a calendar app read the user's calendar without
logging in, so it is a password of sorts:

* it holds 256 random bits (``feed_salt``), turned into the token with an HMAC keyed by the
  app's secret key. The database stores the random part and a SHA-256 of the token, never
  the token: a copy of the database alone opens no feed, yet the account page can show the
  address again whenever the user needs it (for a second device), which a hash-only scheme
  cannot do;
* a request is matched by the token's hash (one indexed lookup), and only for an active
  account;
* revoking clears both columns (the old address answers 404 at once); regenerating draws a
  new random part.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets

import icalendar
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from tavolo import last_modified
from tavolo.calendar.models import DEFAULT_REMINDER_MINUTES, CalendarFeedState, CalendarSettings
from tavolo.domain import DomainError
from tavolo.extensions import db
from tavolo.types import utcnow

FORMAT = f"tavolo-calendar-1/icalendar-{icalendar.__version__}"
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{43}$")
USED_AT_PRECISION = dt.timedelta(hours=1)

REMINDER_CHOICES: list[tuple[int | None, object]] = [
    (None, _l("Nessun promemoria")),
    (0, _l("All'ora di inizio")),
    (15, _l("15 minuti prima")),
    (30, _l("30 minuti prima")),
    (60, _l("1 ora prima")),
    (120, _l("2 ore prima")),
    (24 * 60, _l("1 giorno prima")),
    (2 * 24 * 60, _l("2 giorni prima")),
    (7 * 24 * 60, _l("1 settimana prima")),
]
REMINDER_VALUES = {value for value, _label in REMINDER_CHOICES}


class FeedError(DomainError):
    """A refused change; the message says why, in the reader's language."""


def _token(salt: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    digest = hmac.new(key, b"tavolo-calendar-feed:" + salt.encode("ascii"),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def settings_of(user) -> CalendarSettings | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.get(CalendarSettings, user.id)


def _settings_for_change(user) -> CalendarSettings:
    settings = settings_of(user)
    if settings is None:
        settings = CalendarSettings(user_id=user.id, reminder_minutes=DEFAULT_REMINDER_MINUTES)
        db.session.add(settings)
    return settings


def reminder_of(user, settings: CalendarSettings | None = None) -> int | None:
    """Minutes before an item its reminder rings; the default for users who never chose."""
    settings = settings if settings is not None else settings_of(user)
    return DEFAULT_REMINDER_MINUTES if settings is None else settings.reminder_minutes


def set_reminder(user, minutes: int | None) -> CalendarSettings:
    if minutes not in REMINDER_VALUES:
        raise FeedError(_l("Scegli uno dei promemoria proposti."))
    settings = _settings_for_change(user)
    settings.reminder_minutes = minutes
    db.session.flush()
    return settings


def create_feed(user) -> str:
    """A new secret address (the previous one, if any, stops working); returns the token."""
    settings = _settings_for_change(user)
    settings.feed_salt = secrets.token_hex(32)
    token = _token(settings.feed_salt)
    settings.feed_token_hash = _hash(token)
    settings.feed_created_at = utcnow()
    settings.feed_used_at = None
    db.session.flush()
    return token


def revoke_feed(user) -> bool:
    """Stop the secret address; False when there was none."""
    settings = settings_of(user)
    if settings is None or not settings.has_feed:
        return False
    settings.feed_salt = settings.feed_token_hash = None
    settings.feed_created_at = settings.feed_used_at = None
    db.session.flush()
    return True


def token_of(settings: CalendarSettings | None) -> str | None:
    """The token of the current address, or None: none was made, or the secret key changed
    since, so the address (which still opens the feed: requests are matched by its hash)
    can no longer be shown; the user may make a new one."""
    if settings is None or not settings.has_feed:
        return None
    token = _token(settings.feed_salt)
    return token if hmac.compare_digest(_hash(token), settings.feed_token_hash) else None


def settings_for_token(token: str) -> CalendarSettings | None:
    """The settings (and so the user) a feed token opens, if still valid."""
    if not TOKEN_RE.match(token or ""):
        return None
    settings = db.session.scalar(
        sa.select(CalendarSettings).where(CalendarSettings.feed_token_hash == _hash(token))
        .options(joinedload(CalendarSettings.user)))
    if settings is None or not settings.user.active:
        return None
    return settings


def mark_used(settings: CalendarSettings, now: dt.datetime) -> None:
    """Remember that an app fetched the feed (shown on the account page), at most hourly so
    that polling does not write on every request."""
    if settings.feed_used_at is None or now - settings.feed_used_at >= USED_AT_PRECISION:
        settings.feed_used_at = now


def fingerprint(*content) -> str:
    """An ETag for a feed: a hash of everything its bytes are made from.

    Feeds are compared by what they are made of rather than by their bytes, so that a
    calendar app asking whether anything changed gets its 304 without the whole calendar
    being written first (most of the cost). ``FORMAT`` changes the hash when the way of
    writing changes (a new version of this code or of the icalendar library).
    """
    return hashlib.sha256(repr((FORMAT, content)).encode("utf-8")).hexdigest()[:40]


def observe(key: str, etag: str, now: dt.datetime) -> dt.datetime:
    """Remember that feed ``key`` now has ``etag``; return when its content last changed."""
    return last_modified.observe(CalendarFeedState, key, etag, now)
