"""The meetings views; importing this package registers them on ``bp``."""

from tavolo.meetings.routes import (  # noqa: F401  (each module adds its views to bp)
    actions,
    agenda,
    answer_links,
    corrections,
    from_proposal,
    meetings,
    minutes,
    people,
)
from tavolo.meetings.routes.blueprint import bp  # noqa: F401
