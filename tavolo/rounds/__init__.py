"""Priority rounds: the network votes on which adopted proposals come first.

The blueprint lives here and is registered at ``/rounds``; the views are in ``routes.py``.
"""

from flask import Blueprint

bp = Blueprint("rounds", __name__)
