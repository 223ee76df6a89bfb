"""The demo network's seminars: the seed's study day and the report's examples."""

from __future__ import annotations

import sqlalchemy as sa

from tavolo.extensions import db
from tavolo.seminars.demo import STUDY_DAY_POINTS, STUDY_DAY_TITLE
from tavolo.seminars.models import Seminar


def test_demo_has_the_study_day_with_its_twelve_points_and_the_examples(app, client, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    study_day = db.session.scalar(sa.select(Seminar).filter_by(title=STUDY_DAY_TITLE))
    assert len(STUDY_DAY_POINTS) == 12
    assert all(point in study_day.abstract for point in STUDY_DAY_POINTS)
    assert not study_day.is_example and study_day.visibility.value == "public"
    examples = db.session.scalars(sa.select(Seminar).filter_by(is_example=True)).all()
    assert len(examples) == 2 and all(s.local_start.year in (2013, 2015) for s in examples)
    archive = client.get("/seminars/").get_data(as_text=True)
    assert "Il Tavolo tecnico Lavoro della Circoscrizione 2" in archive
    assert "Il Tavolo tecnico Lavoro della Circoscrizione 2" in client.get(
        "/calendar/public.ics").get_data(as_text=True)
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Seminar.id))) == 3
