"""When did something served over HTTP last change: the Last-Modified of feeds and files.

A feed or a data file is known by a fingerprint of what it is made of (its ETag). A small
table per kind (``CalendarFeedState``, ``OpenDataState``: a ``key``, the last fingerprint and
``changed_at``) remembers the fingerprint; when it differs, the content changed now.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError

from tavolo.extensions import db


def observe(model, key: str, fingerprint: str, now: dt.datetime, *,
            column: str = "etag") -> dt.datetime:
    """Remember that ``key`` now has ``fingerprint`` (kept in ``column`` of ``model``) and
    return when its content last changed."""
    state = db.session.get(model, key)
    if state is None:
        try:
            with db.session.begin_nested():
                state = model(key=key, changed_at=now, **{column: fingerprint})
                db.session.add(state)
        except IntegrityError:  # another request stored the first state meanwhile
            state = db.session.get(model, key)
    if getattr(state, column) != fingerprint:
        # HTTP dates count whole seconds: a change within the second of the previous one
        # must still give a later Last-Modified, or If-Modified-Since would hide it.
        setattr(state, column, fingerprint)
        state.changed_at = max(now, state.changed_at.replace(microsecond=0)
                               + dt.timedelta(seconds=1))
    return state.changed_at
