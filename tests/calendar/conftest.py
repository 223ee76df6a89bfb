"""The calendar tests use the meeting tests' people (one login per role, with a person)."""

from tests.meetings.conftest import _cheap_password_hashing, in_request, people  # noqa: F401
