"""Open data (``/open-data/``): the public projects, deliberations, outcomes and seminars
as CSV and JSON, with a stable documented schema, a licence and last-modified dates."""

from flask import Blueprint

bp = Blueprint("opendata", __name__)
