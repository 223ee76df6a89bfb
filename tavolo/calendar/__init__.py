"""Calendars (capability 4 of DESIGN.md): ``.ics`` files, personal and public feeds, e-mail
invitations that calendar clients understand (iMIP), and the month and agenda pages.

The package turns the items of other areas into calendars and knows nothing of HTTP except
in ``routes``: ``sources`` is the registry of areas that put items in the calendar (only
meetings today; seminars plug in the same way), ``ical`` writes iCalendar with the
``icalendar`` library, ``imip`` builds the invitations attached to meeting e-mails,
``feeds`` keeps the secret feed addresses and the reminder preference.
"""

from flask import Blueprint

bp = Blueprint("calendar", __name__)
