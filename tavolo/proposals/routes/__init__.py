"""The proposal views: pages and status decisions, comments, conversion into a project.
Importing this package adds every view to ``tavolo.proposals.bp``."""

from tavolo.proposals.routes import comments, conversion, proposals  # noqa: F401
