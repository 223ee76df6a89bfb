"""The four counting methods against results worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tavolo.rounds import tally


def _ranks(result):
    return {row.candidate: row.rank for row in result.rows}


def _ballots(spec):
    """Ranked ballots from ``[(count, "ACBED"), ...]``: first letter = rank 1."""
    ballots = []
    for count, order in spec:
        ballots.extend({c: i for i, c in enumerate(order, start=1)} for _ in range(count))
    return ballots


# The classic worked example of the Schulze method (45 voters, five candidates).
CLASSIC = [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"),
           (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]


def test_schulze_classic_example_pairwise_counts():
    result = tally.schulze(list("ABCDE"), _ballots(CLASSIC))
    d = result.pairwise
    expected = {
        "A": {"B": 20, "C": 26, "D": 30, "E": 22},
        "B": {"A": 25, "C": 16, "D": 33, "E": 18},
        "C": {"A": 19, "B": 29, "D": 17, "E": 24},
        "D": {"A": 15, "B": 12, "C": 28, "E": 14},
        "E": {"A": 23, "B": 27, "C": 21, "D": 31},
    }
    assert {a: {b: d[a, b] for b in expected[a]} for a in expected} == expected
    assert result.ballots == 45


def test_schulze_classic_example_strongest_paths():
    result = tally.schulze(list("ABCDE"), _ballots(CLASSIC))
    p = result.strongest
    expected = {
        "A": {"B": 28, "C": 28, "D": 30, "E": 24},
        "B": {"A": 25, "C": 28, "D": 33, "E": 24},
        "C": {"A": 25, "B": 29, "D": 29, "E": 24},
        "D": {"A": 25, "B": 28, "C": 28, "E": 24},
        "E": {"A": 25, "B": 28, "C": 28, "D": 31},
    }
    assert {a: {b: p[a, b] for b in expected[a]} for a in expected} == expected


def test_schulze_classic_example_winner_is_e_and_order_is_eacbd():
    result = tally.schulze(list("ABCDE"), _ballots(CLASSIC))
    assert result.winners == ["E"]
    assert [row.candidate for row in result.rows] == list("EACBD")
    assert [row.rank for row in result.rows] == [1, 2, 3, 4, 5]
    assert not any(row.tied for row in result.rows)
    # E beats the four others along strongest paths; D beats nobody.
    assert result.row("E").figures["schulze_wins"] == 4
    assert result.row("D").figures["schulze_wins"] == 0
    # Head to head E beats A, B and D but loses to C (24 against 21).
    assert result.row("E").figures["pairwise_wins"] == 3


def test_schulze_condorcet_cycle_of_three_equal_strengths_is_a_three_way_tie():
    # A > B > C, B > C > A, C > A > B, one voter each: every link has strength 2.
    result = tally.schulze(list("ABC"), _ballots([(1, "ABC"), (1, "BCA"), (1, "CAB")]))
    assert _ranks(result) == {"A": 1, "B": 1, "C": 1}
    assert all(row.tied for row in result.rows)
    assert [row.candidate for row in result.rows] == list("ABC")  # round order inside a tie


def test_schulze_unranked_candidates_come_after_ranked_ones_and_equal_ranks_are_allowed():
    ballots = [{"A": 1, "B": 1}, {"A": 1}, {"B": 1, "C": 2}]
    result = tally.schulze(list("ABC"), ballots)
    # d: A>B 1 (second ballot), B>A 1 (third), A>C 2, C>A 1, B>C 2, C>B 0.
    assert result.pairwise["A", "B"] == 1 and result.pairwise["B", "A"] == 1
    assert result.pairwise["A", "C"] == 2 and result.pairwise["C", "A"] == 1
    assert result.pairwise["B", "C"] == 2 and result.pairwise["C", "B"] == 0
    assert _ranks(result) == {"A": 1, "B": 1, "C": 3}
    assert result.row("A").tied and result.row("B").tied and not result.row("C").tied


def test_schulze_without_ballots_everyone_is_tied_first():
    result = tally.schulze(list("AB"), [])
    assert _ranks(result) == {"A": 1, "B": 1}


def test_dots_ranks_by_points_and_shows_ties_with_competition_ranking():
    ballots = [{"A": 3, "B": 2}, {"B": 3, "C": 2}, {"A": 2, "C": 3}, {"D": 1}]
    result = tally.dots(list("ABCD"), ballots)
    # A 3+2, B 2+3, C 2+3, D 1: three proposals tied first, D fourth (not second).
    assert {r.candidate: r.value for r in result.rows} == {"A": 5, "B": 5, "C": 5, "D": 1}
    assert _ranks(result) == {"A": 1, "B": 1, "C": 1, "D": 4}
    assert [r.tied for r in result.rows] == [True, True, True, False]
    assert result.row("A").figures["supporters"] == 2
    assert result.row("D").figures["share"] == Fraction(1, 16)


def test_dots_simple_order():
    ballots = [{"A": 4, "B": 1}, {"A": 2, "C": 3}, {"B": 5}]
    result = tally.dots(list("ABC"), ballots)
    assert [(r.candidate, r.value, r.rank) for r in result.rows] == [
        ("A", 6, 1), ("B", 6, 1), ("C", 3, 3)]
    result = tally.dots(list("ABC"), ballots + [{"A": 1}])
    assert [(r.candidate, r.value, r.rank, r.tied) for r in result.rows] == [
        ("A", 7, 1, False), ("B", 6, 2, False), ("C", 3, 3, False)]


def test_approval_counts_approvals_and_share_of_ballots():
    ballots = [{"A": 1, "B": 1}, {"B": 1}, {"B": 1, "C": 1}, {}]
    result = tally.approval(list("ABC"), ballots)
    assert [(r.candidate, r.value, r.rank) for r in result.rows] == [
        ("B", 3, 1), ("A", 1, 2), ("C", 1, 2)]
    assert result.row("A").tied and result.row("C").tied
    assert result.row("B").figures["share"] == Fraction(3, 4)
    assert result.ballots == 4  # the blank ballot counts as a ballot


def test_score_ranks_by_exact_mean():
    ballots = [{"A": 5, "B": 4, "C": 0}, {"A": 3, "B": 4, "C": 5}, {"A": 4, "B": 4, "C": 1}]
    result = tally.score(list("ABC"), ballots)
    assert result.row("A").value == Fraction(4) and result.row("B").value == Fraction(4)
    assert result.row("C").value == Fraction(2)
    assert _ranks(result) == {"A": 1, "B": 1, "C": 3}
    assert result.row("A").figures == {"mean": Fraction(4), "total": 12, "count": 3}


def test_score_equal_means_are_ties_even_where_floats_would_differ():
    # 1/3 + 1/3 + 1/3 style sums: means 7/3 and 7/3 computed from different ballots.
    ballots = [{"A": 3, "B": 2}, {"A": 2, "B": 2}, {"A": 2, "B": 3}]
    result = tally.score(list("AB"), ballots)
    assert result.row("A").value == result.row("B").value == Fraction(7, 3)
    assert result.row("A").tied and result.row("B").tied


def test_score_unscored_candidate_comes_last_without_a_mean():
    result = tally.score(list("AB"), [{"A": 0}])
    assert [(r.candidate, r.value, r.rank) for r in result.rows] == [("A", 0, 1), ("B", None, 2)]


def test_ballots_naming_unknown_candidates_are_an_error():
    with pytest.raises(ValueError):
        tally.dots(list("AB"), [{"Z": 1}])
    with pytest.raises(ValueError):
        tally.count("lottery", list("AB"), [])


def test_order_groups_ties():
    result = tally.approval(list("ABCD"), [{"A": 1, "B": 1}, {"C": 1}])
    assert result.order() == [["A", "B", "C"], ["D"]]
