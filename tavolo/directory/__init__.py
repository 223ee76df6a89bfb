"""Partner directory: organisations and people."""

from flask import Blueprint

bp = Blueprint("directory", __name__)
