"""Proposals of the network's members, their comments and what an adopted one becomes.

The blueprint lives here and is registered at ``/proposals``; the views are in ``routes/``.
"""

from flask import Blueprint

bp = Blueprint("proposals", __name__)
