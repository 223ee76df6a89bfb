"""Seminars and study days of the network: archive, pages, registration, calendar entries.

The blueprint gets its URL prefix (``/seminars``) where ``create_app`` registers it.
"""

from flask import Blueprint

bp = Blueprint("seminars", __name__)

from tavolo.seminars import routes  # noqa: F401  (views register on bp)
