"""Who may change a placement: the directory's coordinators."""

from __future__ import annotations

from tavolo.directory.access import get_or_404
from tavolo.projects.models import InternshipPlacement


def get_placement_or_404(placement_id: int, need: str = "manage",
                         options=()) -> InternshipPlacement:
    return get_or_404(InternshipPlacement, placement_id, need, options)
