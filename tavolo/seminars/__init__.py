"""Seminars and study days of the network: archive, pages, registration, calendar entries.

The blueprint gets its URL prefix (``/seminars``) where ``create_app`` registers it.
"""

from flask import Blueprint

bp = Blueprint("seminars", __name__)
