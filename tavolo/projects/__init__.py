"""Projects, deliberations, funding and outcomes."""

from flask import Blueprint

bp = Blueprint("projects", __name__)
