"""What each method accepts as a ballot, whatever the browser sends."""

from __future__ import annotations

import pytest

from tavolo.rounds.ballot_rules import BallotRejected, BallotRules, read_form, validate

CANDIDATES = (1, 2, 3)


def _rules(method, **kw):
    return BallotRules(method, CANDIDATES, labels={1: "Uno", 2: "Due", 3: "Tre"}, **kw)


def test_dots_within_budget_keeps_only_points_given():
    rules = _rules("dots", budget=10, max_per=5)
    assert validate(rules, {1: 5, 2: 0, 3: None}) == {1: 5}
    assert validate(rules, {1: 5, 2: 5}) == {1: 5, 2: 5}
    assert validate(rules, {}) == {}  # a blank ballot is a ballot


@pytest.mark.parametrize("values, fragment", [
    ({1: 5, 2: 5, 3: 1}, "11 punti"),
    ({1: 6}, "al massimo 5 punti"),
    ({1: -1, 2: 5}, "negativi"),
])
def test_dots_over_budget_or_over_the_maximum_is_refused(values, fragment):
    with pytest.raises(BallotRejected) as problem:
        validate(_rules("dots", budget=10, max_per=5), values)
    assert any(fragment in message for message in problem.value.messages)


def test_negative_points_cannot_buy_budget_for_others():
    # 5 + 5 + 5 − 5 = 10 must not pass as "within 10 points".
    with pytest.raises(BallotRejected):
        validate(BallotRules("dots", (1, 2, 3, 4), budget=10, max_per=5),
                 {1: 5, 2: 5, 3: 5, 4: -5})


def test_approval_accepts_zero_or_one_only():
    rules = _rules("approval")
    assert validate(rules, {1: 1, 2: 0}) == {1: 1}
    with pytest.raises(BallotRejected):
        validate(rules, {1: 2})


def test_score_needs_every_proposal_scored_from_0_to_5():
    rules = _rules("score")
    assert validate(rules, {1: 0, 2: 5, 3: 3}) == {1: 0, 2: 5, 3: 3}
    with pytest.raises(BallotRejected) as missing:
        validate(rules, {1: 0, 2: 5})
    assert missing.value.fields == {3: missing.value.messages[0]}
    with pytest.raises(BallotRejected):
        validate(rules, {1: 6, 2: 5, 3: 3})


def test_schulze_ranks_between_1_and_the_number_of_proposals_ties_and_blanks_allowed():
    rules = _rules("schulze")
    assert validate(rules, {1: 1, 2: 1, 3: None}) == {1: 1, 2: 1}
    with pytest.raises(BallotRejected):
        validate(rules, {1: 4})
    with pytest.raises(BallotRejected):
        validate(rules, {1: 0})


def test_unknown_proposals_are_refused():
    with pytest.raises(BallotRejected):
        validate(_rules("approval"), {99: 1})
    with pytest.raises(BallotRejected):
        read_form(_rules("approval"), {"voto-99": "1"})


def test_read_form_refuses_text_and_reads_blanks_as_none():
    rules = _rules("dots", budget=10, max_per=5)
    assert read_form(rules, {"voto-1": " 3 ", "voto-2": ""}) == {1: 3, 2: None, 3: None}
    with pytest.raises(BallotRejected) as problem:
        read_form(rules, {"voto-1": "tre"})
    assert 1 in problem.value.fields
