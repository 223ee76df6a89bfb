"""Time the meeting page (agenda and minutes) and print the figures, A/B when asked.

    .venv/bin/python bench/meeting_page.py [--repeat 60]

Builds a throw-away SQLite database through the real migrations with the demo network,
picks the public meeting with the most agenda items and approved minutes, and fetches its
page in-process as an anonymous reader and as the demo coordinator: the median and 95th
percentile of ``--repeat`` requests, and the SQL statements of one. ``--ab old`` compares
the Markdown filter of before issue 14 (a new renderer per call, no cache) with today's,
interleaved request by request in the same run, because the machine is shared and figures
drift. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo.demo import data  # noqa: E402
from tavolo.demo.loader import load_demo  # noqa: E402
from tavolo.extensions import db  # noqa: E402
from tavolo.meetings.models import AgendaItem, Meeting, Minutes  # noqa: E402


def old_render_markdown(text):
    """The filter as it was: a new ``Markdown`` with "extra" on every call, no cache."""
    import markdown as markdown_lib
    import nh3
    from markupsafe import Markup

    from tavolo.templating import ALLOWED_TAGS
    if not text:
        return Markup("")
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={
        "a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()},
        url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer nofollow"))


def build_app():
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
                      "INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "PUBLIC_URL": "https://tavolo.example.it",
                      "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        load_demo(app.config["DEMO_PASSWORD"])
        db.session.commit()
        meeting_id = db.session.scalar(
            sa.select(Meeting.id).join(Minutes, Minutes.meeting_id == Meeting.id)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(Meeting.visibility == "public", Minutes.status == "approved")
            .group_by(Meeting.id).order_by(sa.func.count(AgendaItem.id).desc()).limit(1))
        db.session.remove()
    return app, meeting_id


def clients(app):
    anonymous = app.test_client()
    coordinator = app.test_client()
    email = next(row[0] for row in data.DEMO_USERS if row[2] == "coordinator")
    response = coordinator.post("/login", data={"email": email,
                                                "password": app.config["DEMO_PASSWORD"]})
    assert response.status_code == 303, response.status_code
    coordinator.get("/")  # shows (and so drops) the welcome notice
    return {"anonymous": anonymous, "coordinator": coordinator}


def count_statements(app, client, path):
    statements = []

    def before(*args, **kwargs):
        statements.append(args[2])

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", before)
    client.get(path)
    sa.event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--ab", choices=["old"], help="compare with the old Markdown filter")
    args = parser.parse_args()
    app, meeting_id = build_app()
    path = f"/meetings/{meeting_id}"
    new_filter = app.jinja_env.filters["markdown"]
    variants = {"new": new_filter}
    if args.ab:
        variants = {"old": old_render_markdown, "new": new_filter}
    print(f"meeting page {path} (SQLite, demo network), {args.repeat} requests each")
    print(f"{'reader':12} {'variant':8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'bytes':>8}")
    for reader, client in clients(app).items():
        timings = {name: [] for name in variants}
        sizes = {}
        for name, filter_ in variants.items():  # warm up each
            app.jinja_env.filters["markdown"] = filter_
            sizes[name] = len(client.get(path).data)
        for _ in range(args.repeat):
            for name, filter_ in variants.items():
                app.jinja_env.filters["markdown"] = filter_
                start = time.perf_counter()
                response = client.get(path)
                timings[name].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, response.status_code
        queries = count_statements(app, client, path)
        for name, values in timings.items():
            values.sort()
            p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
            print(f"{reader:12} {name:8} {statistics.median(values):8.1f} {p95:8.1f} "
                  f"{queries:8d} {sizes[name]:8d}")
    app.jinja_env.filters["markdown"] = new_filter


if __name__ == "__main__":
    main()
