"""Calendar settings of the demo logins (``flask --app tavolo demo``).

So that whoever tries the demo finds the personal calendar ready on the account page: the
example member already has a feed address and a two-hour reminder, the example partner a
reminder the day before (the default) and no address yet. Idempotent: a login that already
has settings is left alone.
"""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from tavolo.auth.models import User
from tavolo.calendar import feeds
from tavolo.calendar.models import CalendarSettings
from tavolo.extensions import db

# e-mail of a demo login → (reminder in minutes, make a feed address)
EXAMPLES = {
    "membro@example.org": (120, True),
    "partner@example.org": (24 * 60, False),
}


def load(created: Counter[str]) -> None:
    users = db.session.scalars(sa.select(User).where(User.email.in_(EXAMPLES))).all()
    for user in users:
        if db.session.get(CalendarSettings, user.id) is not None:
            continue
        minutes, with_feed = EXAMPLES[user.email]
        feeds.set_reminder(user, minutes)
        if with_feed:
            feeds.create_feed(user)
        created["calendar_settings"] += 1
