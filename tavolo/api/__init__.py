"""The read-only JSON API (``/api/v1/``), its OpenAPI document and personal API tokens.

Every resource answers with what the reader may see and nothing more: a request with a
token acts as the token's owner, one without a token as the logged-in user or, with no
session, as an anonymous visitor. See ``resources.py`` for the list of resources.
"""

from flask import Blueprint

bp = Blueprint("api", __name__)
