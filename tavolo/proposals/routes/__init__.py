"""Routes of the proposals area: two blueprints, ``proposals`` (with comments) and ``rounds``."""

from tavolo.proposals.routes import comments as _comments  # noqa: F401  (views on ``bp``)
from tavolo.proposals.routes import conversion as _conversion  # noqa: F401
from tavolo.proposals.routes import results as _results  # noqa: F401  (views on ``rounds_bp``)
from tavolo.proposals.routes.proposals import bp
from tavolo.proposals.routes.rounds import bp as rounds_bp

__all__ = ["bp", "rounds_bp"]
