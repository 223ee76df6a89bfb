"""Reading list filters from the query string, the same way on every filtered list.

Bad or oversized values are dropped, never an error: every filtered view is a plain link
that anyone can edit by hand.
"""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict


def text_arg(args: MultiDict, name: str, limit: int = 100) -> str:
    return (args.get(name) or "").strip()[:limit]


def choice_arg(args: MultiDict, name: str, allowed) -> str:
    """The value if it is one of ``allowed`` (strings or enum members), else ``""``."""
    value = text_arg(args, name)
    return value if value in {str(getattr(a, "value", a)) for a in allowed} else ""


def int_arg(args: MultiDict, name: str) -> int | None:
    value = text_arg(args, name)
    return int(value) if value.isdigit() and len(value) < 10 else None


def contains(column, text: str):
    """Case-insensitive ``LIKE %text%`` with the wildcards of ``text`` escaped."""
    return sa.func.lower(column).contains(text.lower(), autoescape=True)
