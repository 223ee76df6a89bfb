"""The Markdown filter: one configured renderer per thread, a bounded cache, same HTML."""

from __future__ import annotations

import threading

import markdown as markdown_lib
import pytest

from tavolo import templating
from tavolo.lru import LRUCache
from tavolo.templating import markdown_cache, render_markdown

TEXTS = [
    "**Ordine del giorno**\n\n1. bilancio\n2. tirocini\n\n- uno\n- due",
    "Testo con nota[^1].\n\n[^1]: La nota a piè di pagina.",
    "*[INPS]: Istituto nazionale della previdenza sociale\n\nLa pratica INPS è aperta.",
    "| Ente | Posti |\n|---|---|\n| Comune | 3 |\n| Coop | 2 |",
    "```\ncodice <b>non</b> interpretato\n```",
    "<div markdown=\"1\">*dentro*</div> <script>alert(1)</script> [x](javascript:alert(1))",
    "Testo semplice con un [collegamento](https://example.org \"titolo\").",
]


def fresh(text: str) -> str:
    """What the filter gave before: a new renderer for each text, sanitised the same way."""
    return templating._sanitise(markdown_lib.markdown(
        text, extensions=templating.MARKDOWN_EXTENSIONS, output_format="html"))


@pytest.fixture(autouse=True)
def empty_cache():
    markdown_cache.clear()
    yield
    markdown_cache.clear()


def test_the_reused_renderer_gives_what_a_new_one_gives_in_any_order():
    expected = [fresh(text) for text in TEXTS]
    for round_ in range(3):
        order = TEXTS if round_ % 2 == 0 else list(reversed(TEXTS))
        for text in order:
            assert templating.markdown_to_html(text) == expected[TEXTS.index(text)]
            assert str(render_markdown(text)) == expected[TEXTS.index(text)]


def test_footnotes_and_abbreviations_of_one_text_do_not_leak_into_the_next():
    render_markdown("Nota[^a].\n\n[^a]: prima.\n\n*[ASL]: Azienda sanitaria locale")
    html = str(render_markdown("Parla la ASL, senza note[^a]."))
    assert "<abbr" not in html and "prima." not in html
    assert "[^a]" in html


def test_the_sanitising_is_unchanged_on_a_cache_hit():
    hostile = "**ok** <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:1)"
    first, second = render_markdown(hostile), render_markdown(hostile)
    assert first == second
    assert "<strong>ok</strong>" in second
    assert "<script" not in second and "onerror" not in second and "javascript:" not in second
    assert len(markdown_cache) == 1


def test_empty_text_is_empty_markup_and_is_not_kept():
    assert render_markdown("") == "" and render_markdown(None) == ""
    assert len(markdown_cache) == 0


def test_very_long_texts_are_rendered_but_not_kept(monkeypatch):
    monkeypatch.setattr(templating, "MARKDOWN_CACHE_MAX_CHARS", 50)
    text = "parola " * 20
    assert str(render_markdown(text)) == fresh(text)
    assert len(markdown_cache) == 0


def test_the_cache_keeps_the_most_recently_used_texts_only():
    cache = LRUCache(2)
    cache.put(b"a", "A")
    cache.put(b"b", "B")
    assert cache.get(b"a") == "A"  # a is now the most recent
    cache.put(b"c", "C")
    assert cache.get(b"b") is None and cache.get(b"a") == "A" and cache.get(b"c") == "C"
    assert len(cache) == 2


def test_threads_render_at_the_same_time_without_mixing_texts():
    expected = {text: fresh(text) for text in TEXTS}
    errors = []

    def work(offset: int) -> None:
        for n in range(60):
            text = TEXTS[(n + offset) % len(TEXTS)]
            if n % 3 == 0:
                markdown_cache.clear()
            if str(render_markdown(text)) != expected[text]:
                errors.append(text)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
