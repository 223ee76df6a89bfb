"""Words, stems and snippets: the Italian text handling shared by both search engines.

The index and the query go through the same steps, so that "Tirocini", "tirocinio" and
"TIROCINIO" meet on one stem and "disabilita" finds "disabilità":

1. accent folding and lower case (:func:`fold`, NFKD without combining marks, the same idea
   as FTS5's ``remove_diacritics`` and PostgreSQL's ``unaccent``);
2. words are runs of letters and digits (:func:`words`);
3. Italian stop words are dropped and every other word is reduced to its Snowball stem
   (:func:`stem`, ``snowballstemmer``; PostgreSQL uses the same algorithm, ``italian_stem``).

:func:`parse_query` turns whatever a reader typed into at most ``MAX_TERMS`` plain stems;
nothing of the typed text reaches the engines' query syntax, so ``"``, ``*``, ``NEAR``,
``-`` or parentheses are ordinary characters. :func:`highlight` builds safe snippets.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import snowballstemmer
from markupsafe import Markup, escape

MAX_QUERY_CHARS = 200  # longer input is cut here (the reader is told)
MAX_TERMS = 8
MAX_INDEXED_CHARS = 200_000  # per entry: PostgreSQL caps a tsvector at 1 MB
SNIPPET_SCAN_CHARS = 20_000  # a snippet quotes the first match within this much text

_WORD = re.compile(r"[^\W_]+")

# Italian function words (the Snowball list, shortened to what carries no meaning in a query).
STOP_WORDS = frozenset("""
a ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla
dalle di del dello dei degli dell degl della delle in nel nello nei negli nell negl nella
nelle su sul sullo sui sugli sull sugl sulla sulle per tra fra il lo la i gli le l un uno una
e ed o od ma se che chi cui non come dove quando piu anche gia
""".split())

_stemmer = snowballstemmer.stemmer("italian")


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower case without accents: "Disabilità" → "disabilita"."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball Italian stem of one folded word (cached: texts reuse a small vocabulary)."""
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """Stems of the meaningful words of ``text``, in order."""
    return [stem(w) for w in words(text[:MAX_INDEXED_CHARS]) if w not in STOP_WORDS]


def index_text(text: str) -> str:
    """What the SQLite index stores for ``text``: its stems separated by spaces."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query reduced to plain terms.

    ``terms`` are folded words (PostgreSQL stems them itself) and ``stems`` their Snowball
    stems; the last term also matches as a prefix, so results follow the typing.
    ``truncated`` says that the typed text was longer than ``MAX_QUERY_CHARS``.
    """

    terms: tuple[str, ...]
    stems: tuple[str, ...]
    truncated: bool = False

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str | None) -> ParsedQuery:
    raw = raw or ""
    truncated = len(raw) > MAX_QUERY_CHARS
    terms: list[str] = []
    for word in words(raw[:MAX_QUERY_CHARS]):
        if word in STOP_WORDS or word in terms:
            continue
        terms.append(word)
    terms = terms[:MAX_TERMS]
    return ParsedQuery(tuple(terms), tuple(stem(t) for t in terms), truncated)


@functools.lru_cache(maxsize=100_000)
def _folded_and_stem(word: str) -> tuple[str, str | None]:
    folded = fold(word)
    return folded, (None if folded in STOP_WORDS else stem(folded))


def _matches(word: str, query: ParsedQuery) -> bool:
    folded, word_stem = _folded_and_stem(word)
    if word_stem is None:
        return False
    if word_stem in query.stems[:-1]:
        return True
    return word_stem == query.stems[-1] or folded.startswith(query.terms[-1])


@functools.lru_cache(maxsize=256)
def _candidates(prefixes: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(sorted({re.escape(p) for p in prefixes}, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})", re.IGNORECASE)


def _mark(text: str, query: ParsedQuery) -> tuple[Markup, int]:
    """``text`` escaped, with the words matching ``query`` in ``<mark>``; and how many."""
    parts: list[str] = []
    found = 0
    last = 0
    for candidate in _candidates(query.stems + query.terms[-1:]).finditer(text):
        match = _WORD.match(text, candidate.start())
        if match and match.start() >= last and _matches(match.group(), query):
            parts.append(str(escape(text[last:match.start()])))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
            found += 1
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts)), found


def highlight_title(title: str, query: ParsedQuery) -> Markup:
    if not query:
        return escape(title)
    return _mark(title, query)[0]


_MARKDOWN_NOISE = re.compile(r"[*_#`~]+")
_SPACES = re.compile(r"\s+")


def snippet(body: str, query: ParsedQuery, width: int = 240) -> Markup:
    """About ``width`` characters of ``body`` around its first match, matches marked.

    Everything is escaped before the ``<mark>`` tags are added, so a snippet never carries
    markup from the indexed text.
    """
    scanned = body[:SNIPPET_SCAN_CHARS]
    start = 0
    if query:
        # Words that match begin with a query stem (or the typed prefix): look only there.
        for candidate in _candidates(query.stems + query.terms[-1:]).finditer(scanned):
            word = _WORD.match(scanned, candidate.start())
            if word and _matches(word.group(), query):
                start = max(0, word.start() - width // 4)
                break
    # Only the window around the match is tidied (Markdown marks, runs of white space).
    window = _SPACES.sub(" ", _MARKDOWN_NOISE.sub("", body[start:start + width * 2])).strip()
    if not window:
        return Markup("")
    cut = 0
    if start:
        space = window.find(" ")
        cut = space + 1 if 0 <= space < 20 else 0
    end = min(len(window), cut + width)
    if end < len(window):
        space = window.rfind(" ", cut, end)
        end = space if space > cut + width // 2 else end
    more = end < len(window) or start + width * 2 < len(body)
    piece = window[cut:end]
    marked = _mark(piece, query)[0] if query else escape(piece)
    return Markup(("… " if start else "") + marked + (" …" if more else ""))
