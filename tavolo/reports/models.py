"""What the network reported about itself: mandate reports and the milestones of its history."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tavolo.extensions import db


class MandateReport(db.Model):
    """The figures declared by an end-of-mandate report (``bilancio di mandato``).

    These are the totals as the district published them ("circa 245.000 Euro"), kept beside
    the deliberations so that a generated report can show both and any difference.
    """

    __tablename__ = "mandate_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200), unique=True)
    start_year: Mapped[int]
    end_year: Mapped[int]
    declared_spend_cents: Mapped[int | None] = mapped_column(sa.BigInteger)
    spend_is_approximate: Mapped[bool] = mapped_column(default=True)
    seminars_held: Mapped[int | None]
    narrative: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.CheckConstraint("end_year >= start_year", name="years_ordered"),
    )

    @property
    def label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @classmethod
    def can_manage(cls, user) -> bool:
        """Coordinators edit the narrative and the declared figures."""
        return bool(user is not None and user.is_authenticated and user.is_coordinator)


class Milestone(db.Model):
    """A turning point in the network's history, e.g. the founding of the Tavolo."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    period: Mapped[str] = mapped_column(sa.String(20))
    title: Mapped[str] = mapped_column(sa.String(300), unique=True)
    description: Mapped[str] = mapped_column(sa.Text, default="")
