"""What every edit in the directory and the projects has in common.

A change either happens completely or not at all: a rule refused by a service, an edit made
on an outdated page (someone else saved in between), or a database conflict (a duplicate
submit racing the first one) rolls the whole request back and becomes one clear message.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tavolo.extensions import db

T = TypeVar("T")

# Bookkeeping columns that say nothing a reader of the audit log needs.
NOT_AUDITED = ("version", "created_at", "updated_at")

STALE_MESSAGE = _l("Nel frattempo qualcun altro ha modificato questi dati. Ricarica la pagina "
                   "per vedere la versione attuale e ripeti la modifica: nulla è stato salvato.")
CONFLICT_MESSAGE = _l("Il salvataggio non è riuscito perché i dati sono in conflitto con altri "
                      "già presenti (per esempio un nome già usato o un invio ripetuto). "
                      "Nulla è stato modificato.")
STILL_REFERENCED = _l("Altri contenuti del Tavolo (per esempio riunioni, proposte o documenti) "
                      "fanno ancora riferimento a questo elemento: scollegali prima. Nulla è "
                      "stato eliminato.")


def _plain(value):
    """A JSON-friendly rendering of a value for the audit log."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


class ChangeRefused(Exception):
    """A rule forbids the change; the message says why, in the reader's language."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def check_version(obj, expected: int | None) -> None:
    """Refuse an edit made on a page showing an older version of ``obj``."""
    if expected is not None and expected != obj.version:
        raise ChangeRefused(STALE_MESSAGE)


def commit_change(work: Callable[[], T], conflict_message=CONFLICT_MESSAGE
                  ) -> tuple[T | None, str | None]:
    """Run ``work`` and commit; on any refusal roll everything back.

    Returns ``(result, None)`` on success and ``(None, message)`` otherwise. Deletions pass
    ``STILL_REFERENCED`` as ``conflict_message``: a foreign key of another area refusing the
    delete is the likely conflict there.
    """
    try:
        result = work()
        db.session.commit()
    except ChangeRefused as error:
        db.session.rollback()
        return None, str(error)
    except StaleDataError:
        db.session.rollback()
        return None, str(STALE_MESSAGE)
    except IntegrityError:
        db.session.rollback()
        return None, str(conflict_message)
    return result, None


def snapshot(obj, *, removed: bool = False) -> dict[str, list]:
    """Every filled column of ``obj`` as audit changes: ``[None, value]`` on creation,
    ``[value, None]`` on deletion, so the log keeps what a deleted row said."""
    changes: dict[str, list] = {}
    for attr in sa.inspect(obj).mapper.column_attrs:
        if attr.key in NOT_AUDITED or attr.key == "id":
            continue
        value = getattr(obj, attr.key)
        if value is None or value == "" or value is False:
            continue
        value = _plain(value)
        changes[attr.key] = [value, None] if removed else [None, value]
    return changes


def list_change(before: Iterable, after: Iterable) -> list | None:
    """``[before, after]`` for a many-valued field (areas, partners …) when it changed."""
    old = sorted(str(_plain(v)) for v in before)
    new = sorted(str(_plain(v)) for v in after)
    return None if old == new else [old, new]
