"""The seminars area's refusal: an Italian message and the form field it is about."""

from __future__ import annotations


class SeminarError(Exception):
    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
