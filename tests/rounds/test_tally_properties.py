"""Properties that must hold for any ballots: order independence, dot budgets."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tavolo.rounds import tally
from tavolo.rounds.ballot_rules import BallotRejected, BallotRules, field_name, read_form, validate

# Generation time depends on the machine's load, not on the code: never a failure.
SLOW_MACHINES = [HealthCheck.too_slow]

CANDIDATES = [11, 12, 13, 14, 15]


def _ballots_for(method):
    if method == tally.DOTS:
        value = st.integers(min_value=1, max_value=5)
        ballot = st.dictionaries(st.sampled_from(CANDIDATES), value, max_size=5)
    elif method == tally.APPROVAL:
        ballot = st.dictionaries(st.sampled_from(CANDIDATES), st.just(1), max_size=5)
    elif method == tally.SCORE:
        ballot = st.fixed_dictionaries({c: st.integers(0, 5) for c in CANDIDATES})
    else:
        ballot = st.dictionaries(st.sampled_from(CANDIDATES), st.integers(1, 5), max_size=5)
    return st.lists(ballot, max_size=25)


@pytest.mark.parametrize("method", tally.METHODS)
def test_tally_does_not_depend_on_the_order_of_the_ballots(method):
    @settings(max_examples=60, deadline=None, suppress_health_check=SLOW_MACHINES)
    @given(ballots=_ballots_for(method), seed=st.integers(0, 2**32 - 1))
    def check(ballots, seed):
        shuffled = list(ballots)
        random.Random(seed).shuffle(shuffled)
        first = tally.count(method, CANDIDATES, ballots)
        second = tally.count(method, CANDIDATES, shuffled)
        assert first == second

    check()


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_MACHINES)
@given(budget=st.integers(1, 12), data=st.data())
def test_an_accepted_dot_ballot_never_exceeds_its_budget(budget, data):
    max_per = data.draw(st.integers(1, budget))
    rules = BallotRules(tally.DOTS, tuple(CANDIDATES), budget=budget, max_per=max_per)
    # Whatever a browser (or a script) may send: numbers, negatives, huge values, text.
    raw_value = st.one_of(st.integers(-50, 50).map(str), st.just(""),
                          st.text(max_size=4), st.integers(-10**9, 10**9).map(str))
    form = data.draw(st.dictionaries(st.sampled_from([field_name(c) for c in CANDIDATES]
                                                     + ["voto-999", "altro"]), raw_value))
    try:
        entries = validate(rules, read_form(rules, form))
    except BallotRejected:
        return
    assert sum(entries.values()) <= budget
    assert all(1 <= points <= max_per for points in entries.values())
    assert set(entries) <= set(CANDIDATES)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_MACHINES)
@given(ballots=st.lists(st.dictionaries(st.sampled_from(CANDIDATES), st.integers(1, 4),
                                        max_size=5), max_size=20))
def test_dots_total_points_equal_the_points_on_the_ballots(ballots):
    result = tally.dots(CANDIDATES, ballots)
    assert sum(row.value for row in result.rows) == sum(sum(b.values()) for b in ballots)
    ranks = [row.rank for row in result.rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
