"""Time the personal and the public calendar feed with 2,000 events and print the figures.

    .venv/bin/python bench/calendar_feed.py [events]

Builds a throw-away SQLite database through the real migrations, bulk-loads ``events``
meetings (default 2,000, about two thirds inside the feed's window of twelve months back
onward, each with three agenda items), gives a core-group member a feed address and fetches
it as a calendar app would: cold (first fetch), warm (content unchanged: served from the
feed cache), and conditional (If-None-Match, answered 304); then the same for
``/calendar/public.ics``. Prints the median of 5 requests, the SQL queries and the size.
Nothing is asserted. To compare with an older version, copy this file into that checkout's
``bench/`` and run both one after the other.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo.auth.models import Role, User  # noqa: E402
from tavolo.calendar import feeds  # noqa: E402
from tavolo.extensions import db  # noqa: E402
from tests.calendar.test_query_counts import bulk_meetings  # noqa: E402


def main(events: int = 2000) -> None:
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "PUBLIC_URL": "https://tavolo.example.it", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        user = User(email="bench@example.org", name="Bench", role=Role.MEMBER)
        db.session.add(user)
        db.session.flush()
        with app.test_request_context():
            token = feeds.create_feed(user)
        db.session.commit()
        bulk_meetings(events, created_by_id=user.id)
        engine = db.engine
        db.session.remove()
    client = app.test_client()
    statements: list[str] = []

    def count(*args, **kwargs):
        statements.append(args[2])

    def measure(label: str, path: str, headers: dict | None = None, repeat: int = 5):
        timings, status, size = [], None, 0
        for _ in range(repeat):
            statements.clear()
            sa.event.listen(engine, "before_cursor_execute", count)
            start = time.perf_counter()
            response = client.get(path, headers=headers or {})
            timings.append((time.perf_counter() - start) * 1000)
            sa.event.remove(engine, "before_cursor_execute", count)
            status, size = response.status_code, len(response.data)
        print(f"{label:34} {statistics.median(timings):10.1f} {len(statements):8d} "
              f"{status:7d} {size:10d}")
        return response

    print(f"{events} meetings in the database (SQLite)")
    print(f"{'request':34} {'median ms':>10} {'queries':>8} {'status':>7} {'bytes':>10}")
    for label, path in (("personal", f"/calendar/{token}.ics"), ("public", "/calendar/public.ics")):
        first = measure(f"{label}: first fetch (cold)", path, repeat=1)
        measure(f"{label}: fetch, content unchanged", path)
        measure(f"{label}: If-None-Match (304)", path, {"If-None-Match": first.headers["ETag"]})
        print(f"{label}: events in the feed: {first.get_data(as_text=True).count('BEGIN:VEVENT')}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:2]))
