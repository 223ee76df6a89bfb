"""The faster line folding gives exactly what icalendar's own gives."""

from __future__ import annotations

import icalendar
import icalendar.parser.content_line as content_line
from hypothesis import given, settings
from hypothesis import strategies as st

from tavolo.calendar import folding, ical  # noqa: F401  (ical installs the folding)

ALPHABET = st.sampled_from(list("abcXYZ 0129:;,\\^\"'") + ["è", "à", "–", "€", "😀", "中",
                                                            "\u00a0", "ß"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=400).map("".join),
       st.integers(min_value=8, max_value=90))
def test_folding_matches_the_library_on_any_text(text, limit):
    assert folding.foldline(text, limit) == folding.ORIGINAL(text, limit)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\n"),
               max_size=300))
def test_folding_matches_the_library_on_random_unicode(text):
    assert folding.foldline(text) == folding.ORIGINAL(text)


def test_escapes_are_not_split_and_lines_stay_within_75_octets():
    for pad in range(70, 80):
        line = "DESCRIPTION:" + "x" * pad + "\\,\\;\\\\" + "è" * 40
        folded = folding.foldline(line)
        assert folded == folding.ORIGINAL(line)
        assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))


def test_the_calendar_writer_uses_it_and_the_output_is_unchanged():
    assert content_line._foldline is folding.foldline
    event = icalendar.Event()
    event.add("summary", "Riunione – " + "ordine del giorno, è lungo; " * 10)
    event.add("description", "Punto\\uno\n" * 30 + "😀" * 50)
    expected = b"".join(folding.ORIGINAL(line).encode() + b"\r\n"
                        for line in event.content_lines() if line)
    assert event.to_ical() == expected
    folding.install()  # twice changes nothing
    assert content_line._foldline is folding.foldline
