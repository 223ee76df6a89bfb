"""Meetings of the network: agendas, invitations, RSVP, attendance, minutes, decisions and
action items (capability 3 of DESIGN.md).

``models`` holds the tables and their permission methods, ``services`` the rules (plain
functions tested without HTTP), ``routes`` the thin views, ``forms`` the Flask-WTF forms,
``access`` the one ``get_meeting_or_404``. The blueprint is registered at ``/meetings``.
"""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
