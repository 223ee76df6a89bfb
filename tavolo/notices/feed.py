"""The Atom feed of the public notices, written with ``feedgen`` (no HTTP here).

Entries carry absolute links, a stable ``tag:`` id per notice (independent of the site's
address, like calendar UIDs), ``published`` and ``updated`` dates, the kind as category,
and the body rendered and sanitised like on the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from feedgen.feed import FeedGenerator

from tavolo.notices.models import Notice
from tavolo.types import ROME

FEED_ID = "tag:tavolo.notices,2026:feed"


def entry_id(notice: Notice) -> str:
    return f"tag:tavolo.notices,2026:notice-{notice.id}"


def last_modified(last_change: dt.datetime | None) -> dt.datetime:
    """When the feed last changed: its newest edit, or midnight in Rome when notices left
    the board by expiring (whichever is later), to the second (HTTP dates have no more)."""
    midnight = dt.datetime.now(ROME).replace(hour=0, minute=0, second=0, microsecond=0)
    moments = [midnight.astimezone(dt.UTC)]
    if last_change is not None:
        moments.append(last_change.astimezone(dt.UTC))
    return max(moments).replace(microsecond=0)


def atom(notices: Iterable[Notice], *, title: str, subtitle: str, feed_url: str,
         board_url: str, link_for: Callable[[Notice], str], html_for: Callable[[Notice], str],
         kind_label: Callable[[Notice], str], updated: dt.datetime, language: str = "it"
         ) -> bytes:
    """An Atom 1.0 document of ``notices`` (newest first as given)."""
    generator = FeedGenerator()
    generator.id(FEED_ID)
    generator.title(title)
    generator.subtitle(subtitle)
    generator.link(href=feed_url, rel="self", type="application/atom+xml")
    generator.link(href=board_url, rel="alternate", type="text/html")
    generator.language(language)
    generator.updated(updated)
    generator.generator("Tavolo")
    for notice in reversed(list(notices)):  # feedgen prepends: add oldest first
        entry = generator.add_entry()
        entry.id(entry_id(notice))
        entry.title(notice.title)
        entry.link(href=link_for(notice), rel="alternate", type="text/html")
        entry.published(notice.published_at or notice.created_at)
        entry.updated(max(notice.updated_at, notice.published_at or notice.updated_at))
        entry.category(term=notice.kind.value, label=kind_label(notice))
        entry.content(html_for(notice), type="html")
        if notice.author is not None:
            entry.author(name=notice.author.name)
    return generator.atom_str(pretty=True)
