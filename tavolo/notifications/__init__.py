"""Notifications each user controls: per kind immediate, daily digest or off.

Domain areas call :func:`tavolo.notifications.services.notify`; this package imports none
of them. It owns the preferences, the network defaults, the digest and the one-click
unsubscribe links.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
