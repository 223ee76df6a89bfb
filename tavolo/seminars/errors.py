"""The seminars area's refusal: a ``DomainError`` (an Italian message and the form field it is
about), so ``tavolo.editing.saving`` shows it like every other area's."""

from __future__ import annotations

from tavolo.domain import DomainError


class SeminarError(DomainError):
    """A rule of the seminars area forbids the change; the message says why."""
