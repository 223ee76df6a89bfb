"""Counting the ballots of a priority round: four methods, no database, no Flask.

Every function takes the candidates in the round's order and the ballots as mappings
``{candidate: value}``, and returns a :class:`Tally` whose rows are already ranked. The
meaning of ``value`` depends on the method:

- ``dots``: points given to the candidate (missing = 0);
- ``approval``: 1 when the voter approves the candidate (missing or 0 = not approved);
- ``score``: a score from 0 to 5 (missing = the voter did not score it);
- ``schulze``: the rank the voter gave the candidate, 1 being the best; equal ranks are
  allowed, and unranked candidates come after every ranked one, equal among themselves.

Ties. Nothing is broken by lot or by a hidden rule: candidates with the same figure share
the same rank (standard competition ranking: 1, 1, 3) and are flagged ``tied``, so that
the page shows them as *ex aequo* and the Tavolo decides between them. Means are exact
fractions, never floats, so two equal means are always recognised as equal. Inside a tie
the rows keep the round's order of the candidates, which is not a ranking.

The result never depends on the order of the ballots (each method only sums them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

DOTS = "dots"
SCHULZE = "schulze"
APPROVAL = "approval"
SCORE = "score"
METHODS = (DOTS, SCHULZE, APPROVAL, SCORE)

SCORE_MIN = 0
SCORE_MAX = 5

Candidate = Hashable
Ballot = Mapping[Candidate, int]


@dataclass(frozen=True)
class Row:
    """One candidate's place: ``value`` is the figure that orders the method."""

    candidate: Candidate
    rank: int
    tied: bool
    value: Fraction | int | None
    figures: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Tally:
    method: str
    ballots: int
    rows: tuple[Row, ...]
    # Schulze only: d[a, b] voters preferring a to b; p[a, b] strength of the strongest path.
    pairwise: Mapping[tuple[Candidate, Candidate], int] | None = None
    strongest: Mapping[tuple[Candidate, Candidate], int] | None = None

    @property
    def winners(self) -> list[Candidate]:
        return [row.candidate for row in self.rows if row.rank == 1]

    def row(self, candidate: Candidate) -> Row:
        for row in self.rows:
            if row.candidate == candidate:
                return row
        raise KeyError(candidate)

    def order(self) -> list[list[Candidate]]:
        """The ranking as groups of tied candidates, best group first."""
        groups: list[list[Candidate]] = []
        for row in self.rows:
            if groups and self.row(groups[-1][0]).rank == row.rank:
                groups[-1].append(row.candidate)
            else:
                groups.append([row.candidate])
        return groups


def _check(candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> list[Ballot]:
    known = set(candidates)
    if len(known) != len(candidates):
        raise ValueError("duplicate candidates")
    checked = []
    for ballot in ballots:
        unknown = set(ballot) - known
        if unknown:
            raise ValueError(f"ballot names candidates outside the round: {sorted(map(str, unknown))}")
        checked.append(ballot)
    return checked


def _ranked(candidates: Sequence[Candidate], sort_key: Mapping[Candidate, object],
            values: Mapping[Candidate, Fraction | int | None],
            figures: Mapping[Candidate, dict]) -> tuple[Row, ...]:
    """Rows ordered by ``sort_key`` (smaller first) with competition ranks and tie flags."""
    position = {c: i for i, c in enumerate(candidates)}
    order = sorted(candidates, key=lambda c: (sort_key[c], position[c]))
    ranks: dict[Candidate, int] = {}
    for index, candidate in enumerate(order):
        previous = order[index - 1] if index else None
        if previous is not None and sort_key[previous] == sort_key[candidate]:
            ranks[candidate] = ranks[previous]
        else:
            ranks[candidate] = index + 1
    sizes = Counter(ranks.values())
    return tuple(Row(c, ranks[c], sizes[ranks[c]] > 1, values[c], figures[c]) for c in order)


def dots(candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Tally:
    """Dot voting: the most points first; also how many voters gave at least one point."""
    ballots = _check(candidates, ballots)
    points = {c: 0 for c in candidates}
    supporters = {c: 0 for c in candidates}
    for ballot in ballots:
        for candidate, value in ballot.items():
            if value:
                points[candidate] += value
                supporters[candidate] += 1
    total = sum(points.values())
    figures = {c: {"points": points[c], "supporters": supporters[c],
                   "share": Fraction(points[c], total) if total else Fraction(0)}
               for c in candidates}
    rows = _ranked(candidates, {c: -points[c] for c in candidates}, points, figures)
    return Tally(DOTS, len(ballots), rows)


def approval(candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Tally:
    """Approval voting: the most approvals first; share of ballots approving each."""
    ballots = _check(candidates, ballots)
    approvals = {c: 0 for c in candidates}
    for ballot in ballots:
        for candidate, value in ballot.items():
            if value:
                approvals[candidate] += 1
    count = len(ballots)
    figures = {c: {"approvals": approvals[c],
                   "share": Fraction(approvals[c], count) if count else Fraction(0)}
               for c in candidates}
    rows = _ranked(candidates, {c: -approvals[c] for c in candidates}, approvals, figures)
    return Tally(APPROVAL, count, rows)


def score(candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Tally:
    """Score voting 0–5: the highest mean first, the mean taken over the ballots that scored
    the candidate. A candidate nobody scored has no mean and comes last."""
    ballots = _check(candidates, ballots)
    totals = {c: 0 for c in candidates}
    counts = {c: 0 for c in candidates}
    for ballot in ballots:
        for candidate, value in ballot.items():
            if value is None:
                continue
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(f"score {value} outside {SCORE_MIN}–{SCORE_MAX}")
            totals[candidate] += value
            counts[candidate] += 1
    means = {c: Fraction(totals[c], counts[c]) if counts[c] else None for c in candidates}
    figures = {c: {"mean": means[c], "total": totals[c], "count": counts[c]} for c in candidates}
    # Unscored candidates sort after every mean (a mean is never below 0).
    sort_key = {c: -means[c] if means[c] is not None else Fraction(1) for c in candidates}
    return Tally(SCORE, len(ballots), _ranked(candidates, sort_key, means, figures))


def _prefers(ballot: Ballot, a: Candidate, b: Candidate) -> bool:
    rank_a, rank_b = ballot.get(a), ballot.get(b)
    if rank_a is None:
        return False
    return rank_b is None or rank_a < rank_b


def schulze(candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Tally:
    """Ranked choice counted with the Schulze method (strongest paths, winning votes).

    ``d[a, b]`` counts the voters who rank ``a`` above ``b``; a path's strength is its
    weakest link, a link ``a → b`` existing when ``d[a, b] > d[b, a]`` with strength
    ``d[a, b]``; ``p[a, b]`` is the strongest path's strength (a widest-path variant of
    Floyd–Warshall). ``a`` beats ``b`` when ``p[a, b] > p[b, a]``: that relation is
    transitive, so the ranking is built in tiers, each tier being the candidates no
    remaining candidate beats; a tier of several candidates is a tie.
    """
    ballots = _check(candidates, ballots)
    d = {(a, b): 0 for a in candidates for b in candidates if a != b}
    # Identical ballots are counted once with their weight; an unranked candidate is
    # preferred to nobody, so only ranked ones are looked at as the preferred side.
    weights = Counter(tuple(sorted((c, r) for c, r in ballot.items() if r is not None))
                      for ballot in ballots)
    for ranked, weight in weights.items():
        ranks = dict(ranked)
        for a, rank_a in ranked:
            for b in candidates:
                if b != a and _prefers(ranks, a, b):
                    d[a, b] += weight
    p = {(a, b): d[a, b] if d[a, b] > d[b, a] else 0 for a, b in d}
    for i in candidates:
        for j in candidates:
            if j == i:
                continue
            for k in candidates:
                if k in (i, j):
                    continue
                p[j, k] = max(p[j, k], min(p[j, i], p[i, k]))

    def beats(a, b) -> bool:
        return p[a, b] > p[b, a]

    tier_of: dict[Candidate, int] = {}
    remaining = list(candidates)
    tier = 0
    while remaining:
        top = [c for c in remaining if not any(beats(o, c) for o in remaining if o != c)]
        for candidate in top:
            tier_of[candidate] = tier
        remaining = [c for c in remaining if c not in top]
        tier += 1
    figures = {}
    for a in candidates:
        others = [b for b in candidates if b != a]
        figures[a] = {
            "schulze_wins": sum(1 for b in others if beats(a, b)),
            "pairwise_wins": sum(1 for b in others if d[a, b] > d[b, a]),
            "pairwise_ties": sum(1 for b in others if d[a, b] == d[b, a]),
            "pairwise_losses": sum(1 for b in others if d[a, b] < d[b, a]),
        }
    wins = {c: figures[c]["schulze_wins"] for c in candidates}
    rows = _ranked(candidates, tier_of, wins, figures)
    return Tally(SCHULZE, len(ballots), rows, pairwise=d, strongest=p)


COUNTERS = {DOTS: dots, SCHULZE: schulze, APPROVAL: approval, SCORE: score}


def count(method: str, candidates: Sequence[Candidate], ballots: Iterable[Ballot]) -> Tally:
    """Count ``ballots`` with ``method`` (one of :data:`METHODS`)."""
    try:
        counter = COUNTERS[method]
    except KeyError:
        raise ValueError(f"unknown method {method!r}") from None
    return counter(candidates, ballots)
