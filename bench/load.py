"""The app under gunicorn, PostgreSQL and Redis, driven by locust: throughput, latency, errors.

    .venv/bin/python -m bench.load --database postgresql://postgres@127.0.0.1:5432/bench_load \\
        --workers 4 --duration 60 [--users 30] [--voters 200] [--redis redis://127.0.0.1:6379/8]

Fills the database with ``bench.generate`` at ``--scale`` (1× by default) when it holds no
data yet, and reuses it otherwise. Each run then adds its own accounts (``--voters`` for the
ballot burst and ``--users`` for the readers), an upcoming meeting inviting all of them and a
priority round open now (approval, not secret, so every ballot names its voter), all tagged
with a run number. It starts gunicorn with ``--workers`` sync workers on 127.0.0.1, rate
limits and the feed cache in Redis, debug off and the configuration read from ``TAVOLO_*``
variables as in production, except: cookies without ``Secure`` (plain http on 127.0.0.1),
and the login limit per address raised, since every simulated person comes from the same
address (the limit per account stays).

Locust runs in-process and headless for ``--duration`` seconds (``bench/locustfile.py``):
members (9 in 10 requests are reads: dashboard, meetings list, meeting page, proposals,
proposal page, directory, calendar feeds polled with ``If-None-Match``; then comments on
proposals and answers to the meeting's invitation), anonymous readers and one coordinator;
a third of the way in, the ``--voters`` voters, logged in beforehand through the login form
with its CSRF token, cast their ballots within the same 10 seconds.

Prints requests, failures, requests per second and p50/p95/p99 per request kind, then checks
in the database that every ballot, comment and answer locust got a success for is stored
exactly once. Exits with status 1 when one is missing or doubled or any answer was a 5xx.
Gunicorn is stopped on exit, on errors and on Ctrl+C. Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import PASSWORD, generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CHOICES = 3  # proposals approved on each ballot


@dataclass
class Fixture:
    """What one run added to the database (and what the locust users need to know)."""

    run: str
    round_id: int
    meeting_id: int
    candidates: list[int]
    proposals: list[int]  # open for comments, visible to members
    voters: list[str]  # e-mail addresses
    readers: list[str]
    coordinator: str
    user_ids: dict[str, int] = field(default_factory=dict)
    person_ids: dict[str, int] = field(default_factory=dict)


@dataclass
class Accepted:
    """What locust got a success for: ballots by voter, comment bodies, invitation answers
    (the last note each reader got a success for)."""

    ballots: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    rsvps: dict[str, str] = field(default_factory=dict)
    server_errors: int = 0


def make_app(database: str, instance: str):
    from flask_migrate import upgrade

    from tavolo import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "INSTANCE_PATH": instance,
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def prepare(app, *, scale: int, seed: int, voters: int, readers: int) -> Fixture:
    """Generate the network if the database is empty, then add this run's people."""
    from argon2 import PasswordHasher

    from tavolo.extensions import db

    with app.app_context():
        empty = not db.session.scalar(sa.text("SELECT count(*) FROM organizations"))
    if empty:
        started = time.perf_counter()
        generate(app, scale=scale, seed=seed)
        print(f"generated scale {scale} in {time.perf_counter() - started:.1f} s")
    run = f"{int(time.time())}{secrets.token_hex(2)}"
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    tables = None
    with app.app_context():
        tables = db.metadata.tables
        execute = db.session.execute
        password = PasswordHasher().hash(PASSWORD)
        organization = db.session.scalar(sa.text("SELECT min(id) FROM organizations"))
        coordinator = db.session.scalar(sa.text(
            "SELECT email FROM users WHERE role = 'coordinator' ORDER BY id LIMIT 1"))
        coordinator_id = db.session.scalar(sa.text(
            "SELECT id FROM users WHERE role = 'coordinator' ORDER BY id LIMIT 1"))
        emails = [f"votante{i}-{run}@load.example" for i in range(1, voters + 1)] + \
                 [f"lettore{i}-{run}@load.example" for i in range(1, readers + 1)]
        fixture = Fixture(run=run, round_id=0, meeting_id=0, candidates=[], proposals=[],
                          voters=emails[:voters], readers=emails[voters:],
                          coordinator=coordinator)
        for email in emails:
            user_id = execute(sa.insert(tables["users"]).values(
                email=email, name=f"Carico {email.split('@')[0]}", role="member",
                password_hash=password, security_stamp=secrets.token_hex(20),
                created_at=now).returning(tables["users"].c.id)).scalar_one()
            fixture.user_ids[email] = user_id
            fixture.person_ids[email] = execute(sa.insert(tables["people"]).values(
                name=f"Persona {email.split('@')[0]}", organization_id=organization,
                email=email, role="carico", user_id=user_id, created_at=now,
                updated_at=now).returning(tables["people"].c.id)).scalar_one()
        open_proposals = db.session.scalars(sa.text(
            "SELECT id FROM proposals WHERE visibility = 'network' AND status IN "
            "('open', 'voting') ORDER BY id DESC LIMIT 20")).all()
        fixture.candidates = list(open_proposals[:5])
        fixture.proposals = list(open_proposals)
        starts = now + dt.timedelta(days=7)
        fixture.meeting_id = execute(sa.insert(tables["meetings"]).values(
            uid=f"load-{run}", title=f"Riunione di prova del carico {run}", kind="enlarged",
            visibility="network", status="scheduled", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), place="Sala carico", description="",
            created_by_id=coordinator_id, created_at=now, updated_at=now,
        ).returning(tables["meetings"].c.id)).scalar_one()
        execute(sa.insert(tables["meeting_invitees"]), [
            {"meeting_id": fixture.meeting_id, "person_id": person, "source": "person",
             "rsvp": "pending", "rsvp_note": "", "attended": False, "invited_at": now}
            for person in fixture.person_ids.values()])
        fixture.round_id = execute(sa.insert(tables["priority_rounds"]).values(
            title=f"Votazione di prova del carico {run}", description="", method="approval",
            electorate="network", ballot_unit="person", opens_at=now - dt.timedelta(hours=1),
            closes_at=now + dt.timedelta(days=1), results_visibility="after_close",
            secret=False, ballot_salt=secrets.token_hex(32), created_by_id=coordinator_id,
            is_example=False, created_at=now, updated_at=now,
        ).returning(tables["priority_rounds"].c.id)).scalar_one()
        execute(sa.insert(tables["round_proposals"]), [
            {"round_id": fixture.round_id, "proposal_id": p, "position": k}
            for k, p in enumerate(fixture.candidates, start=1)])
        db.session.commit()
        db.session.remove()
    return fixture


def verify(app, fixture: Fixture, accepted: Accepted) -> tuple[list[str], dict[str, tuple]]:
    """Problems found (lost or doubled rows), and accepted vs stored per kind."""
    from tavolo.extensions import db

    problems: list[str] = []
    with app.app_context():
        rows = db.session.execute(sa.text(
            "SELECT b.user_id, count(e.proposal_id) FROM ballots b LEFT JOIN ballot_entries e "
            "ON e.ballot_id = b.id WHERE b.round_id = :r GROUP BY b.id, b.user_id"),
            {"r": fixture.round_id}).all()
        by_user: dict[int, int] = {}
        for user_id, entries in rows:
            by_user[user_id] = by_user.get(user_id, 0) + 1
            if entries != CHOICES:
                problems.append(f"ballot of user {user_id}: {entries} entries, not {CHOICES}")
        for email in sorted(accepted.ballots):
            found = by_user.get(fixture.user_ids[email], 0)
            if found != 1:
                problems.append(f"ballot accepted for {email}: {found} in the database")
        doubled = [u for u, n in by_user.items() if n > 1]
        if doubled:
            problems.append(f"users with more than one ballot: {doubled}")

        marker = f"%[{fixture.run}]%"
        bodies = db.session.execute(sa.text(
            "SELECT body, count(*) FROM comments WHERE body LIKE :m GROUP BY body"),
            {"m": marker}).all()
        stored = dict(bodies)
        for body in accepted.comments:
            if stored.get(body, 0) != 1:
                problems.append(f"comment accepted, {stored.get(body, 0)} in the database: "
                                f"{body!r}")
        if len(set(accepted.comments)) != len(accepted.comments):
            problems.append("the same comment body was accepted twice")

        notes = db.session.execute(sa.text(
            "SELECT person_id, rsvp_note, rsvp FROM meeting_invitees WHERE meeting_id = :m"),
            {"m": fixture.meeting_id}).all()
        by_person: dict[int, list] = {}
        for person, note, answer in notes:
            by_person.setdefault(person, []).append((note, answer))
        for email, note in accepted.rsvps.items():
            found = by_person.get(fixture.person_ids[email], [])
            if len(found) != 1 or found[0][0] != note or found[0][1] == "pending":
                problems.append(f"answer accepted for {email} ({note!r}): found {found}")
        answered = sum(1 for rows_ in by_person.values() for _note, a in rows_ if a != "pending")
        db.session.remove()
    if accepted.server_errors:
        problems.append(f"{accepted.server_errors} answers with status 5xx")
    counts = {"ballots": (len(accepted.ballots), len(rows)),
              "comments": (len(accepted.comments), sum(stored.values())),
              "rsvps": (len(accepted.rsvps), answered)}
    return problems, counts


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


def start_gunicorn(args, instance: str) -> subprocess.Popen:
    env = {**os.environ,
           "TAVOLO_DATABASE_URL": args.database, "TAVOLO_INSTANCE_PATH": instance,
           "TAVOLO_SECRET_KEY": secrets.token_hex(32),
           "TAVOLO_PUBLIC_URL": f"http://127.0.0.1:{args.port}",
           "TAVOLO_RATELIMIT_STORAGE_URI": args.redis, "TAVOLO_RATELIMIT_ENABLED": "1",
           "TAVOLO_CALENDAR_CACHE_URL": args.redis,
           "TAVOLO_COOKIE_SECURE": "0",
           "TAVOLO_LOGIN_LIMIT_PER_IP": "100000 per 15 minutes",
           "FLASK_DEBUG": "0"}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(args.workers),
               "--worker-class", "sync", "--bind", f"127.0.0.1:{args.port}",
               "--timeout", "60", "--log-level", "warning", "tavolo:create_app()"]
    # A session of its own: stopping it stops the workers too, Ctrl+C reaches us only.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the workers finish their request
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def report(rows: list[dict], errors: list[str], counts: dict[str, tuple],
           problems: list[str]) -> None:
    print(f"{'request':34} {'reqs':>6} {'fails':>5} {'req/s':>6} {'p50':>5} {'p95':>5} "
          f"{'p99':>5}  (ms)")
    print("-" * 78)
    for row in rows:
        print(f"{row['name'][:34]:34} {row['requests']:6d} {row['failures']:5d} "
              f"{row['rps']:6.1f} {row['p50']:5.0f} {row['p95']:5.0f} {row['p99']:5.0f}")
    for error in errors:
        print(f"error: {error}")
    print("-" * 78)
    for kind, (ok, stored) in counts.items():
        print(f"{kind:10} accepted {ok:5d}   in the database {stored:5d}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print("verification:", "FAILED" if problems else "every accepted write stored once")


def _interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops the run like Ctrl+C: gunicorn is stopped too


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True, help="PostgreSQL URL")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=60, help="seconds")
    parser.add_argument("--users", type=int, default=30, help="readers (besides the voters)")
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--port", type=int, default=5118)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    parser.add_argument("--scale", type=int, choices=[1, 10, 100], default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    from tavolo.config import _normalise_database_url

    database = _normalise_database_url(args.database)
    if not database.startswith("postgresql"):
        parser.error("--database must be a PostgreSQL URL")
    instance = tempfile.mkdtemp(prefix="tavolo-load-")
    app = make_app(database, instance)
    fixture = prepare(app, scale=args.scale, seed=args.seed, voters=args.voters,
                      readers=args.users)
    print(f"run {fixture.run}: round {fixture.round_id}, meeting {fixture.meeting_id}, "
          f"{args.voters} voters, {args.users} readers, {args.workers} workers")
    signal.signal(signal.SIGTERM, _interrupted)
    process = None
    try:
        process = start_gunicorn(args, instance)
        base = f"http://127.0.0.1:{args.port}"
        wait_for(f"{base}/healthz", process)
        # Locust (gevent) runs in a process of its own: the monkey patching stays there.
        plan, result = Path(instance) / "plan.json", Path(instance) / "result.json"
        plan.write_text(json.dumps({"base": base, "fixture": asdict(fixture),
                                    "users": args.users, "spawn_rate": args.spawn_rate,
                                    "duration": args.duration}))
        subprocess.run([sys.executable, "-m", "bench.locustfile", str(plan), str(result)],
                       cwd=ROOT, check=True, timeout=args.duration + 300)
        outcome = json.loads(result.read_text())
    except KeyboardInterrupt:  # subprocess.run has killed locust already
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        stop(process)
        shutil.rmtree(instance, ignore_errors=True)
    accepted = Accepted(ballots=set(outcome["ballots"]), comments=outcome["comments"],
                        rsvps=outcome["rsvps"], server_errors=outcome["server_errors"])
    problems, counts = verify(app, fixture, accepted)
    burst = outcome["burst"]
    print(f"ballot burst: {burst.get('ready', 0)} voters logged in beforehand in "
          f"{burst.get('logins', 0):.1f} s; voting from "
          f"{burst.get('start', 0):.1f} s, last ballot accepted "
          f"{burst.get('span', 0):.1f} s later")
    report(outcome["rows"], outcome["errors"], counts, problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
