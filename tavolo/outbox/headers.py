"""Header values that can never break a header line nor add one.

Subjects and display names come from what users typed (a proposal's title, a person's
name). Mail headers end at a line break, and Python's ``email`` package treats every
Unicode line boundary (CR, LF, VT, FF, the file/group/record separators, U+0085, U+2028,
U+2029) as one: such a value either raises when the message is built or, written by hand,
would start a new header. Here they become spaces, control characters and bidirectional
overrides are dropped, and runs of white space shrink to one.
"""

from __future__ import annotations

import unicodedata

# Explicit bidirectional embeddings, overrides and isolates: they can show a name reversed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACE_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def header_text(value: str | None) -> str:
    """``value`` on one line, fit for a Subject or a display name."""
    if not value:
        return ""
    kept = []
    for char in str(value):
        if char in BIDI_CONTROLS:
            continue
        kept.append(" " if unicodedata.category(char) in _SPACE_CATEGORIES else char)
    return " ".join("".join(kept).split())


# The extra header lines a message may carry (anything else is dropped when it is built).
EXTRA_HEADERS = ("List-Unsubscribe", "List-Unsubscribe-Post", "List-Id")


def extra_headers(values: dict | None) -> dict[str, str]:
    """The allowed extra headers of ``values``, each on one line; empty ones are dropped."""
    cleaned = {}
    for name in EXTRA_HEADERS:
        value = header_text((values or {}).get(name))
        if value:
            cleaned[name] = value
    return cleaned
