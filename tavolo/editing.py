"""What every edit of every area has in common.

A change either happens completely or not at all: a rule refused by a service (a
``DomainError``), an edit made on an outdated page (someone else saved in between), or a
database conflict (a duplicate submit racing the first one) rolls the whole request back
and becomes one clear message, shown by the form field it is about when there is one::

    with saving(form) as saved:
        item = services.add_item(meeting, current_user, data)
    if saved:
        flash(_("Punto aggiunto."), "success")
        return redirect_after_post(...)
    return render_template(..., form=form), 400

Services raise ``DomainError`` (or a subclass) and never call ``abort()``; the route
commits once, through ``saving``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from flask import abort, flash, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tavolo.domain import DomainError, NotAllowed
from tavolo.extensions import db
from tavolo.htmx import redirect_after_post

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


def check_length(value: str, limit: int, field: str, label) -> str:
    """``value`` stripped, or a ``DomainError`` on ``field`` when it has more than ``limit``
    characters (``label`` names the field in the message)."""
    value = (value or "").strip()
    if len(value) > limit:
        raise DomainError(_l("%(what)s è troppo lungo: al massimo %(max)d caratteri "
                              "(ne hai scritti %(count)d).", what=label, max=limit,
                              count=len(value)), field)
    return value


def check_version(obj, expected: int | None) -> None:
    """Refuse an edit made on a page showing an older version of ``obj``."""
    if expected is not None and expected != obj.version:
        raise DomainError(STALE_MESSAGE)


class Saved:
    """What ``saving`` did: true when the change was committed, else ``error`` says why."""

    def __init__(self) -> None:
        self.ok = False
        self.error: str | None = None

    def __bool__(self) -> bool:
        return self.ok


def explain(message: str, form=None, field: str | None = None) -> None:
    """Show ``message`` by the form's ``field`` if it has one, else as a notice (and as a
    form-wide error, so the page answers 400 like for any invalid form)."""
    target = getattr(form, field, None) if form is not None and field else None
    if target is not None:
        target.errors = [*target.errors, message]
        return
    flash(message, "danger")
    if form is not None:
        form.form_errors.append(message)


@contextmanager
def saving(form=None, conflict_message=CONFLICT_MESSAGE, *, quiet: bool = False
           ) -> Iterator[Saved]:
    """Run the block and commit; on any refusal roll everything back and explain it.

    A ``NotAllowed`` answers 403. ``quiet`` leaves the message in ``saved.error`` for a page
    that shows it in its own place (no notice, no form error). Deletions pass ``STILL_REFERENCED`` as
    ``conflict_message``: a foreign key of another area refusing the delete is the likely
    conflict there.
    """
    saved = Saved()
    try:
        yield saved
        db.session.commit()
    except DomainError as error:
        saved.error = str(error)
        refuse(error, form, quiet=quiet)
    except StaleDataError:
        saved.error = str(STALE_MESSAGE)
        refuse(DomainError(STALE_MESSAGE), form, quiet=quiet)
    except IntegrityError:
        saved.error = str(conflict_message)
        refuse(DomainError(conflict_message), form, quiet=quiet)
    else:
        saved.ok = True


def refuse(error: DomainError, form=None, *, quiet: bool = False) -> None:
    """Roll the request's changes back and explain ``error`` by its field (403 for
    ``NotAllowed``). ``saving`` calls it; a view that must catch the error itself too."""
    db.session.rollback()
    if isinstance(error, NotAllowed):
        abort(403)
    if not quiet:
        explain(str(error), form, error.field)


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


def edit_saved(form, change, back: str):
    """The end of an edit view: for a valid form, run ``change()`` (which returns what
    changed) inside ``saving``; once committed, say whether anything changed and answer with
    the way ``back``. None when the form is to be shown again (see ``form_status``)."""
    if not form.validate_on_submit():
        return None
    with saving() as saved:
        changes = change()
    if not saved:
        return None
    if changes:
        flash(_("Modifiche salvate."), "success")
    else:
        flash(_("Nessuna modifica da salvare."), "info")
    return redirect_after_post(back)


def saved_then(form, change, message, back):
    """The end of a create or edit view: for a valid form, run ``change()`` inside
    ``saving(form)``; once committed, say ``message`` and answer with the way ``back`` (a
    URL, or a function of what ``change`` returned). None when the form is to be shown
    again."""
    if not form.validate_on_submit():
        return None
    with saving(form) as saved:
        result = change()
    if not saved:
        return None
    flash(str(message), "success")
    return redirect_after_post(back(result) if callable(back) else back)


def form_status() -> int:
    """The status of a form page: 400 when it is shown again after a POST."""
    return 400 if request.method == "POST" else 200


def posted_version() -> int | None:
    """The ``version`` a delete confirmation was made on (None when absent)."""
    version = request.form.get("version", "")
    return int(version) if version.isdigit() else None


def first_other(query, id_column, exclude_id: int | None):
    """What ``query`` selects first from a row other than ``exclude_id`` (the row being
    edited; None when creating one): the clash a uniqueness rule looks for."""
    if exclude_id is not None:
        query = query.where(id_column != exclude_id)
    return db.session.scalar(query.limit(1))
