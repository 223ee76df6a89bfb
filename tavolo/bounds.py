"""Numbers and bytes from outside, bounded in one place (issue 16, points 5 and 8).

- Ids in paths: the app's ``int`` URL converter is :class:`IdConverter`, so every
  ``<int:...>`` rule matches only 1..2^63-1 and anything else is a plain 404.
- Ids and numbers in query strings: ``request.args.get(name, type=db_id)`` (or
  :func:`db_int` for numbers that may be 0 or negative) answers 400 for a number no database
  column holds; a value that is not a number at all gives the default, as ``type=int`` does.
- Ids read from forms by hand: :func:`parse_id` (400 outside the range).
- ``page``: :func:`page_number`, used by ``db.paginate`` for every list (see
  ``tavolo.extensions``): 400 outside 1..2^63-1, and never an offset the database refuses.
- NUL never reaches the database: :class:`Request` drops it from every query-string and
  form value (and name) before any view sees them.
"""

from __future__ import annotations

from flask import Request as FlaskRequest
from flask import abort, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.routing import IntegerConverter

MAX_ID = 2 ** 63 - 1        # the largest BIGINT, and SQLite's largest integer
MAX_INT = 2 ** 31 - 1       # the largest INTEGER column (counts, years, minutes)


class IdConverter(IntegerConverter):
    """``<int:...>`` for ids: 1..2^63-1, so no path can overflow a database integer."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)

    def to_python(self, value: str):
        if len(value) > 19:  # longer than 2^63-1: no need to build the number
            from werkzeug.routing import ValidationError
            raise ValidationError()
        return super().to_python(value)


def _number(value) -> int:
    text = str(value).strip()
    if len(text) > 40:
        abort(400)
    return int(text)


def db_int(value) -> int:
    """``type=`` for query values that are numbers; 400 when no database integer holds it."""
    number = _number(value)
    if not -MAX_ID - 1 <= number <= MAX_ID:
        abort(400)
    return number


def db_id(value) -> int:
    """``type=`` for ids in query strings: 400 outside 1..2^63-1."""
    number = _number(value)
    if not 1 <= number <= MAX_ID:
        abort(400)
    return number


def parse_id(value) -> int:
    """An id typed or sent in a form field: 400 unless it is a number in 1..2^63-1."""
    try:
        return db_id(value)
    except ValueError:
        abort(400)


def page_number(per_page: int, name: str = "page") -> int:
    """The ``page`` query value: 1 when absent or not a number, 400 outside 1..2^63-1.

    A page far past the end is simply empty; the offset is kept within what databases
    accept.
    """
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return 1
    try:
        page = _number(raw)
    except ValueError:
        return 1
    if not 1 <= page <= MAX_ID:
        abort(400)
    return min(page, MAX_ID // max(per_page, 1))


class NulFreeMultiDict(ImmutableMultiDict):
    """Query-string and form values (and names) with NUL characters removed."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        if isinstance(mapping, MultiDict):
            items = mapping.items(multi=True)
        elif isinstance(mapping, dict):
            items = mapping.items()
        else:
            items = mapping
        super().__init__([(_no_nul(key), _no_nul(value)) for key, value in items])


def _no_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def init_app(app) -> None:
    """Ids in paths bounded; NUL dropped from every query-string and form value.

    Called once the extensions are set up: ``htmx_flask`` installs its own request class,
    which ours extends.
    """
    app.url_map.converters["int"] = IdConverter
    base = app.request_class if issubclass(app.request_class, FlaskRequest) else FlaskRequest
    app.request_class = type("TavoloRequest", (base,),
                             {"parameter_storage_class": NulFreeMultiDict})
