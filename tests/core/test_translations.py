"""The English catalogue is complete, valid, and covers every text of the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "tavolo" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_every_entry_is_translated_and_valid():
    catalogue = _catalogue()
    untranslated = [m.id for m in catalogue if m.id and not (
        m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == []
    assert [m.id for m in catalogue if m.id and m.fuzzy] == []
    problems = [(m.id, errors) for m, errors in catalogue.check() if errors]
    assert problems == []


def test_catalogue_covers_every_text_in_the_code(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", str(ROOT / "babel.cfg"), "-k", "_l", "-o", str(template),
                    "--no-location", str(ROOT)], check=True, cwd=ROOT,
                   capture_output=True)
    with template.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    missing = sorted(wanted - have)
    assert missing == [], f"run `make translations-update` and translate: {missing[:10]}"
