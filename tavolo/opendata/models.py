"""When each open data set last changed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db
from tavolo.types import UTCDateTime, utcnow


class OpenDataState(db.Model):
    """The hash of what a data set last contained and when that content changed.

    No timestamp of the rows can tell when a data set changed (a project made private
    leaves it, a deliberation has no ``updated_at``), so, like the calendar feeds, the data
    set remembers the hash of what it served and the moment that hash last changed: that
    moment is its ``Last-Modified``.
    """

    __tablename__ = "open_data_states"

    key: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    digest: Mapped[str] = mapped_column(sa.String(64))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
