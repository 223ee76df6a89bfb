"""The hygiene and bounds of issue 16 live in one place: every form and query parser uses it."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField

import tavolo
from tavolo.forms import Form, choices

SOURCE = Path(tavolo.__file__).parent


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def test_every_form_of_the_app_derives_from_the_cleaning_base_form():
    for module in pkgutil.walk_packages(tavolo.__path__, "tavolo."):
        importlib.import_module(module.name)
    forms = [cls for cls in _all_subclasses(FlaskForm) if cls.__module__.startswith("tavolo.")]
    assert len(forms) > 20
    bare = [f"{cls.__module__}.{cls.__name__}" for cls in forms if not issubclass(cls, Form)]
    assert not bare, ("Derive these forms from tavolo.forms.Form (it cleans text and bounds "
                      f"numbers and dates): {bare}")


def test_no_query_value_is_read_with_a_bare_int():
    offenders = []
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        for match in re.finditer(r"request\.(args|form|values)\.get(list)?\([^)]*type=int\b", text):
            offenders.append(f"{path.relative_to(SOURCE)}: {match.group(0)}")
    assert not offenders, ("Use type=db_id / db_int from tavolo.bounds (400 outside the "
                           f"database's integers): {offenders}")


class _Sample(Form):
    class Meta:
        csrf = False

    title = StringField()
    body = TextAreaField()
    count = IntegerField()
    day = DateField()
    who = SelectField(coerce=int, choices=choices([("1", "uno")]), validate_choice=False)


@pytest.mark.parametrize("data, field, message", [
    ({"count": "9" * 30}, "count", "troppo grande"),
    ({"day": "0001-01-01"}, "day", "tra il 1900 e il 2100"),
    ({"day": "2101-01-01"}, "day", "tra il 1900 e il 2100"),
])
def test_numbers_and_dates_out_of_range_are_field_errors(app, data, field, message):
    with app.test_request_context(method="POST"):
        form = _Sample(MultiDict({"title": "x", **data}))
        assert not form.validate()
        assert message in " ".join(str(e) for e in form[field].errors)


def test_fields_are_cleaned_and_huge_ids_refused(app):
    with app.test_request_context(method="POST"):
        form = _Sample(MultiDict({"title": "a\u2028b\x00", "body": "a\r\nb\u202e",
                                  "day": "2026-05-01", "who": str(2 ** 63)}))
        assert form.title.data == "a b" and form.body.data == "a\nb"
        assert form.day.data == dt.date(2026, 5, 1)
        assert form.who.data is None and not form.validate()
