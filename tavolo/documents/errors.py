"""The documents area's refusal: a ``DomainError`` (an Italian message and the form field it is
about), so ``tavolo.editing.saving`` shows it like every other area's."""

from __future__ import annotations

from tavolo.domain import DomainError


class DocumentError(DomainError):
    """A rule of the documents area forbids the change; the message says why."""
