"""Column types and time helpers shared by every area's models."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

ROME = ZoneInfo("Europe/Rome")


def utcnow() -> dt.datetime:
    """The current time as a timezone-aware UTC datetime."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored in UTC on every database.

    SQLite has no time zones and PostgreSQL's ``timestamptz`` returns the session's zone, so
    values are normalised to UTC on the way in and come back aware in UTC on the way out.
    Naive datetimes are refused: they are always a bug (local or UTC?).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored in a UTCDateTime column")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def str_enum(cls, name: str, length: int = 30) -> sa.Enum:
    """A Python enum stored as its string value, with a CHECK constraint on both databases."""
    return sa.Enum(cls, native_enum=False, length=length, name=name, create_constraint=True,
                   values_callable=lambda members: [m.value for m in members])
