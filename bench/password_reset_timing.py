"""Time "forgot password" for an address with an account and one without; print medians.

    .venv/bin/python bench/password_reset_timing.py [requests]

Builds a throw-away SQLite database through the real migrations, creates one account and
posts the form alternately for its address and for unknown addresses (``requests`` each,
default 200), through the test client with CSRF off and no rate limit. Prints the median
and the 90th percentile of both and how often a single sample of the known address is
slower than the unknown median. Nothing is asserted: timings belong here, not in tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo.auth.models import Role, User  # noqa: E402
from tavolo.extensions import db  # noqa: E402


def main(requests: int = 200) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "PUBLIC_URL": "https://tavolo.example.it", "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
        db.session.add(User(email="noto@example.org", name="Anna Nota", role=Role.PARTNER))
        db.session.commit()
    client = app.test_client()
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for n in range(requests):
        for kind, address in (("known", "noto@example.org"),
                              ("unknown", f"ignoto{n}@example.org")):
            started = time.perf_counter()
            response = client.post("/password/forgot", data={"email": address})
            timings[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
    for kind, values in timings.items():
        values.sort()
        print(f"{kind:8} median {statistics.median(values):6.2f} ms   "
              f"p90 {values[int(len(values) * 0.9)]:6.2f} ms   ({len(values)} requests)")
    unknown_median = statistics.median(timings["unknown"])
    slower = sum(t > unknown_median for t in timings["known"]) / len(timings["known"])
    print(f"known samples slower than the unknown median: {slower:.0%} (50% = indistinguishable)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
