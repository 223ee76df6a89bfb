"""The rounds tests use the people of the proposals tests."""

from tests.proposals.conftest import password_hash, people  # noqa: F401
