"""Column types and time helpers shared by every area's models."""

from __future__ import annotations

import datetime as dt
import enum
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


class RomeTimes:
    """For a model with ``starts_at``/``ends_at`` (aware UTC): the same instants in Rome time."""

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(ROME)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(ROME)


def str_enum(cls, name: str, length: int = 30) -> sa.Enum:
    """A Python enum stored as its string value, with a CHECK constraint on both databases."""
    return sa.Enum(cls, native_enum=False, length=length, name=name, create_constraint=True,
                   values_callable=lambda members: [m.value for m in members])


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry their label and answer ``is_<member>``.

    ::

        class Ring(LabelledEnum):
            CORE = "core", _l("Gruppo ristretto")
            EXTENDED = "extended", _l("Rete allargata")

        Ring.CORE.label          # "Gruppo ristretto" in the reader's language
        Ring.CORE.is_core        # True; templates write meeting.status.is_draft
        Ring.labels()            # {Ring.CORE: _l("Gruppo ristretto"), …} for forms

    ``is_<name>`` exists only for the enum's own members: a typo raises AttributeError
    (Jinja shows it as undefined) instead of comparing a misspelt string.
    """

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return str(self._label) if self._label is not None else self.value

    @classmethod
    def labels(cls) -> dict:
        """``{member: lazy label}`` in definition order."""
        return {member: member._label for member in cls}

    def __getattr__(self, name: str):
        if name.startswith("is_") and name[3:].upper() in type(self).__members__:
            return self.name == name[3:].upper()
        raise AttributeError(name)
