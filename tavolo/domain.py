"""The one family of errors for a refused change, shared by every area.

A service raises ``DomainError(message, field=None)`` when a rule forbids what was asked; the
message is shown to the reader as is (Italian in the source, translated), next to the form
field ``field`` when the form has it (see ``tavolo.editing.saving``). ``NotAllowed`` is the
reader lacking the right (answered 403). This module imports nothing, so pure rule modules
(``rounds/ballot_rules.py``) can raise it too; services never call ``abort()``.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule forbids the change; the message says why, in the reader's language.

    ``field`` names the form field the message belongs to, if any. Every area's errors
    derive from this class, so ``saving`` shows all of them the same way.
    """

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The reader may not do this: ``saving`` answers 403."""
