"""Server time and SQL statements of the main pages and feeds at 1× and 100× the district.

    .venv/bin/python -m bench.pages [--scales 1,100] [--repeat 30] [--seed 1] [--database URL]

For each scale, builds the synthetic network with ``bench.generate`` (a temporary SQLite
file, or the empty migrated-on-the-fly PostgreSQL database given with ``--database``, used
for the largest scale only), then requests each page in-process through the test client as
the reader named in the table: the median and 95th percentile of ``--repeat`` requests after
two warm-up ones, the SQL statements of one request, and the ratio of the median to the
median of ``/healthz`` served by the same stack (the floor: routing, session, request
hooks). Requests of a scale are interleaved page by page, so a burst of load from other
processes spreads over all of them.

Exits with status 1 when a page runs more SQL statements at a larger scale than at the
smallest one (a count that grows with the data); timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import PASSWORD, generate, make_app  # noqa: E402
from tavolo.extensions import db  # noqa: E402


def _objects(app) -> dict:
    """The ids of the objects the pages show, chosen the same way at every scale."""
    from tavolo.auth.models import User
    from tavolo.calendar import feeds

    with app.app_context():
        scalar = db.session.scalar
        meetings = sa.table("meetings", sa.column("id"), sa.column("visibility"),
                            sa.column("status"))
        minutes = sa.table("minutes", sa.column("meeting_id"))
        ids = {
            "meeting": scalar(sa.select(sa.func.max(meetings.c.id)).where(
                meetings.c.visibility == "public",
                meetings.c.id.in_(sa.select(minutes.c.meeting_id)))),
            "project": scalar(sa.text("SELECT max(id) FROM projects WHERE visibility='public'")),
            "proposal": scalar(sa.text("SELECT max(id) FROM proposals "
                                       "WHERE visibility='network'")),
            "round": 1,
            "organization": scalar(sa.text("SELECT max(id) FROM organizations")),
        }
        member = scalar(sa.select(User).where(User.role == "member").order_by(User.id))
        with app.test_request_context():
            ids["token"] = feeds.create_feed(member)
        ids["emails"] = {role: scalar(sa.select(User.email).where(User.role == role)
                                      .order_by(User.id)) for role in
                         ("coordinator", "member", "partner")}
        db.session.commit()
        db.session.remove()
    return ids


def pages(ids: dict) -> list[tuple[str, str, str]]:
    """(label, reader, path) of every page measured."""
    return [
        ("floor /healthz", "anonymous", "/healthz"),
        ("home", "anonymous", "/"),
        ("home", "partner", "/"),
        ("home", "member", "/"),
        ("home", "coordinator", "/"),
        ("meetings list", "member", "/meetings/"),
        ("meeting page", "anonymous", f"/meetings/{ids['meeting']}"),
        ("meeting page", "member", f"/meetings/{ids['meeting']}"),
        ("meeting .ics", "anonymous", f"/meetings/{ids['meeting']}.ics"),
        ("project page", "member", f"/projects/{ids['project']}"),
        ("funding overview", "member", "/projects/funding"),
        ("proposal page", "member", f"/proposals/{ids['proposal']}"),
        ("round results", "member", f"/rounds/{ids['round']}/results"),
        ("directory", "member", "/directory/"),
        ("organisation page", "member", f"/directory/organizations/{ids['organization']}"),
        ("personal .ics", "feed", f"/calendar/{ids['token']}.ics"),
        ("personal .ics 304", "feed", f"/calendar/{ids['token']}.ics#304"),
        ("public .ics", "anonymous", "/calendar/public.ics"),
        ("public .ics 304", "anonymous", "/calendar/public.ics#304"),
        ("search", "member", "/search/?q=tirocinio+lavoro"),
        ("seminar list", "anonymous", "/seminars/"),
    ]


def measure(app, ids: dict, repeat: int) -> dict[tuple[str, str], dict]:
    clients = {"anonymous": app.test_client(), "feed": app.test_client()}
    for role, email in ids["emails"].items():
        client = app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 303, (role, response.status_code)
        client.get("/")  # shows the welcome notice once
        clients[role] = client
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count(*args, **kwargs):
        statements.append(args[2])

    table = pages(ids)
    etags: dict[str, str] = {}

    def request(reader: str, path: str):
        path, _sep, mode = path.partition("#")
        headers = {"If-None-Match": etags[path]} if mode == "304" else {}
        response = clients[reader].get(path, headers=headers)
        if "ETag" in response.headers and not mode:
            etags[path] = response.headers["ETag"].strip('"')
        return response

    results: dict[tuple[str, str], dict] = {}
    for label, reader, path in table:  # warm up, status and statements
        request(reader, path)
        request(reader, path)
        statements.clear()
        sa.event.listen(engine, "before_cursor_execute", count)
        response = request(reader, path)
        sa.event.remove(engine, "before_cursor_execute", count)
        results[(label, reader)] = {"status": response.status_code, "queries": len(statements),
                                    "times": []}
    for _ in range(repeat):  # interleaved
        for label, reader, path in table:
            start = time.perf_counter()
            request(reader, path)
            results[(label, reader)]["times"].append((time.perf_counter() - start) * 1000)
    for figures in results.values():
        times = sorted(figures["times"])
        figures["p50"] = statistics.median(times)
        figures["p95"] = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,100")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="PostgreSQL URL for the largest scale")
    args = parser.parse_args(argv)
    scales = [int(s) for s in args.scales.split(",")]
    by_scale = {}
    for position, scale in enumerate(scales):
        database = args.database if position == len(scales) - 1 else None
        app = make_app(database)
        started = time.perf_counter()
        generate(app, scale=scale, seed=args.seed)
        print(f"scale {scale}: generated in {time.perf_counter() - started:.1f} s "
              f"({app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]})", flush=True)
        by_scale[position] = measure(app, _objects(app), args.repeat)
    header = f"{'page':22} {'reader':12}"
    for scale in scales:
        header += f" | {str(scale) + '×':>4} {'p50':>7} {'p95':>7} {'/floor':>6} {'SQL':>4}"
    print(header)
    print("-" * len(header))
    grew = []
    first = by_scale[0]
    for key in first:
        line = f"{key[0]:22} {key[1]:12}"
        for position, _scale in enumerate(scales):
            figures = by_scale[position][key]
            floor = by_scale[position][("floor /healthz", "anonymous")]["p50"]
            status = "" if figures["status"] in (200, 304) else f"!{figures['status']}"
            line += (f" | {status:>4} {figures['p50']:7.1f} {figures['p95']:7.1f} "
                     f"{figures['p50'] / floor:6.1f} {figures['queries']:4d}")
            if figures["queries"] > first[key]["queries"]:
                grew.append(key)
        print(line)
    print("milliseconds, server time in-process; /floor: p50 over the p50 of /healthz")
    if grew:
        print("SQL statements grow with the data on: "
              + ", ".join(f"{label} ({reader})" for label, reader in grew))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
