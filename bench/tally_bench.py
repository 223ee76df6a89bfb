"""How long the four counting methods take on a large round (prints figures, asserts nothing).

    .venv/bin/python bench/tally_bench.py [ballots] [proposals]

The default is a city-wide round: 3,000 ballots on 30 proposals, every ballot different
(the worst case for Schulze, whose pairwise counts cost proposals² per distinct ballot).
"""

from __future__ import annotations

import random
import sys
import time

from tavolo.rounds import tally


def ballots_for(method: str, count: int, candidates: list[int], rng: random.Random):
    ballots = []
    for _ in range(count):
        if method == tally.DOTS:
            ballot = {}
            for _point in range(10):
                choice = rng.choice(candidates)
                ballot[choice] = ballot.get(choice, 0) + 1
        elif method == tally.APPROVAL:
            ballot = {c: 1 for c in rng.sample(candidates, rng.randint(0, len(candidates)))}
        elif method == tally.SCORE:
            ballot = {c: rng.randint(0, 5) for c in candidates}
        else:
            ranked = rng.sample(candidates, rng.randint(1, len(candidates)))
            ballot = {c: position for position, c in enumerate(ranked, start=1)}
        ballots.append(ballot)
    return ballots


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    candidates = list(range(1, size + 1))
    rng = random.Random(2026)
    print(f"{count} ballots, {size} proposals")
    for method in tally.METHODS:
        ballots = ballots_for(method, count, candidates, rng)
        start = time.perf_counter()
        result = tally.count(method, candidates, ballots)
        elapsed = time.perf_counter() - start
        print(f"  {method:<9} {elapsed * 1000:8.1f} ms   winners: {result.winners[:3]}")


if __name__ == "__main__":
    main()
