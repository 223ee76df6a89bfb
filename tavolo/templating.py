"""Jinja filters and globals: Italian formatting of dates and money, safe Markdown."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from decimal import Decimal

import markdown as markdown_lib
import nh3
from babel import Locale
from babel.numbers import format_decimal, parse_pattern
from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale
from markupsafe import Markup

from tavolo.auth.models import LANGUAGES
from tavolo.lru import LRUCache, digest
from tavolo.types import ROME

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "blockquote", "code", "pre",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td", "abbr", "sup", "sub",
}


_EURO_PATTERN = parse_pattern("¤ #,##0.00")
# Formatted amounts by (language, cents): a funding page at 100× the district shows about
# 3,000 amounts, and Babel takes some 40 µs for each; the same figures come back on every
# view. 20,000 short strings are a few megabytes.
_euro_cache: LRUCache[str] = LRUCache(20_000)


@functools.cache
def _babel_locale(name: str) -> Locale:
    return Locale.parse(name)


def euro(cents: int | None, empty: str = "–") -> str:
    """Integer cents as euro the way the reader's language writes them: ``€ 35.280,00``."""
    if cents is None:
        return empty
    key = (str(get_locale()), cents)
    text = _euro_cache.get(key)
    if text is None:
        # What ``format_currency(amount, "EUR", format="¤ #,##0.00", locale=…,
        # currency_digits=False)`` does, with the pattern and the locale parsed once.
        text = _EURO_PATTERN.apply(Decimal(cents) / 100, _babel_locale(key[0]),
                                   currency="EUR", currency_digits=False)
        _euro_cache.put(key, text)
    return text


def number(value: float | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, locale=str(get_locale()))


def date_filter(value: dt.date | dt.datetime | None, fmt: str = "long") -> str:
    """A date (``25 novembre 2026``); datetimes are shown in Europe/Rome."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_date(value.astimezone(ROME).date(), fmt)
    return format_date(value, fmt)


def datetime_filter(value: dt.datetime | None, fmt: str = "medium") -> str:
    """A date and time in Europe/Rome (``25 nov 2026, 15:00``)."""
    if value is None:
        return ""
    if fmt == "medium":
        fmt = "d MMM y, HH:mm"
    elif fmt == "long":
        fmt = "EEEE d MMMM y, HH:mm"
    return format_datetime(value, fmt)


MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
MARKDOWN_CACHE_SIZE = 2048
"""Rendered texts kept (least recently used dropped first); a few MiB at most."""
MARKDOWN_CACHE_MAX_CHARS = 100_000
"""Longer texts are rendered every time rather than kept."""


class _Renderers(threading.local):
    """One configured ``Markdown`` per thread: building one (loading "extra") costs more
    than converting a comment, and an instance is not safe to share between threads."""

    def __init__(self) -> None:
        self.markdown = markdown_lib.Markdown(extensions=MARKDOWN_EXTENSIONS,
                                              output_format="html")


_renderers = _Renderers()
markdown_cache: LRUCache[str] = LRUCache(MARKDOWN_CACHE_SIZE)


def _sanitise(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"},
                                                          "abbr": {"title"},
                                                          "th": {"scope"}, "td": set()},
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def markdown_to_html(text: str) -> str:
    """Markdown to sanitised HTML with this thread's renderer, no cache."""
    renderer = _renderers.markdown
    try:
        html = renderer.convert(text)
    finally:
        renderer.reset()
    return _sanitise(html)


def render_markdown(text: str | None) -> Markup:
    """Markdown written by users, turned into HTML and sanitised (no scripts, no styles).

    The same text gives the same HTML, so the result is kept in a bounded cache keyed by
    the text's digest: a page showing eighteen agenda items and minutes renders each text
    once per worker, not once per request.
    """
    if not text:
        return Markup("")
    if len(text) > MARKDOWN_CACHE_MAX_CHARS:
        return Markup(markdown_to_html(text))
    key = digest(text)
    html = markdown_cache.get(key)
    if html is None:
        html = markdown_to_html(text)
        markdown_cache.put(key, html)
    return Markup(html)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["euro"] = euro
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["date"] = date_filter
    app.jinja_env.filters["datetime"] = datetime_filter
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def globals_for_templates():
        return {
            "site_name": current_app.config["SITE_NAME"],
            "site_owner": current_app.config["SITE_OWNER"],
            "languages": LANGUAGES,
            "current_locale": str(get_locale()),
        }
