"""Errors raised by the meeting services; their message is shown to the user as is."""

from __future__ import annotations


class MeetingError(Exception):
    """A rule was broken. ``field`` names the form field the message belongs to, if any."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(MeetingError):
    """The reader may not do this (answered with 403 by the routes)."""


class MinutesFrozen(MeetingError):
    """Approved minutes cannot be changed in place; a correction makes a new version."""
