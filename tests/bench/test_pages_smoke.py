"""``bench/pages`` runs from the repository and prints its table (no timing asserted)."""

from __future__ import annotations

from bench import pages


def test_the_page_benchmark_runs_at_the_smallest_scale(capsys):
    status = pages.main(["--scales", "1,1", "--repeat", "1"])
    output = capsys.readouterr().out
    assert status == 0, output
    assert "page" in output and "/floor" in output
    for label in ("floor /healthz", "meeting page", "personal .ics 304", "seminar list"):
        assert label in output
    assert "!" not in output.split("---")[-1]  # every page answered 200 or 304
