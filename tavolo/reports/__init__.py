"""Reports: the end-of-mandate report ("bilancio di mandato") of any period, from the data."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
