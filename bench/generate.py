"""Generate the synthetic network of ../shared/DESIGN.md at 1×, 10× or 100× a district.

    .venv/bin/python -m bench.generate --scale 100 --seed 1 --database sqlite:////tmp/t.sqlite3

At ``--scale 1`` a district: 40 organisations, 300 people (a tenth of them with an account),
20 projects with 60 deliberations, 20 meetings with 200 agenda items and minutes, 50
proposals with 500 comments, 5 priority rounds with 250 ballots (three choices each), 5
seminars. ``--scale 100`` multiplies every figure (4,000 organisations … 25,000 ballots).

Everything is drawn from ``random.Random(seed)``: the same seed gives the same rows; dates
are placed around the day it runs (meetings two years back to one ahead), so feeds and
"upcoming" lists have something to show. Rows go in through SQLAlchemy Core ``insert``
with lists of dicts (the driver's executemany), with the ids given, in batches, on SQLite
or PostgreSQL (sequences are moved past the given ids afterwards). The database is
migrated first (``flask db upgrade``) and must hold no data; the search index is rebuilt
at the end unless ``--no-index``. Prints the rows per table and the time taken.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo.extensions import db  # noqa: E402

BATCH = 5000
PASSWORD = "bench-password-2026"
WORDS = """tirocinio lavoro giovani donne inserimento formazione corso impresa cooperativa
sociale progetto bando contributo delibera quartiere rete tavolo riunione verbale
orientamento sportello colloquio competenze laboratorio cucina logistica scuola famiglie
migranti mediazione lingua anziani cura volontariato biblioteca comune regione centro
impiego servizi politiche occupazione borsa stage apprendistato contratto selezione
valutazione risultati obiettivi relazione monitoraggio seminario partner capofila""".split()
KINDS = ["institution", "social_services", "job_centre", "cooperative", "association",
         "union", "training_agency", "health_service", "parish", "foundation", "business"]
FIRST = "Anna Luca Marco Giulia Paolo Sara Francesca Andrea Elena Matteo Chiara Davide".split()
LAST = "Rossi Bianchi Ferrero Russo Gallo Costa Greco Bruno Conti Marino Rinaldi Ricci".split()


def sizes(scale: int) -> dict[str, int]:
    base = {"organizations": 40, "people": 300, "projects": 20, "deliberations": 60,
            "meetings": 20, "agenda_items": 200, "proposals": 50, "comments": 500,
            "rounds": 5, "ballots": 250, "seminars": 5}
    return {key: value * scale for key, value in base.items()}


class Generator:
    def __init__(self, seed: int, scale: int) -> None:
        self.rng = random.Random(seed)
        self.n = sizes(scale)
        self.counts: dict[str, int] = {}
        today = dt.datetime.now(dt.UTC).date()
        self.now = dt.datetime.combine(today, dt.time(12), tzinfo=dt.UTC)

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def text(self, sentences: int) -> str:
        return " ".join(self.words(6, 14).capitalize() + "." for _ in range(sentences))

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def insert(self, table: sa.Table, rows: list[dict]) -> None:
        for start in range(0, len(rows), BATCH):
            db.session.execute(sa.insert(table), rows[start:start + BATCH])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def run(self) -> None:
        tables = db.metadata.tables
        rng, n, now = self.rng, self.n, self.now
        stamp = {"created_at": now, "updated_at": now}

        organizations = [{"id": i, "name": f"{self.words(1, 2).capitalize()} {i}",
                          "kind": rng.choice(KINDS), "ring": "core" if i % 10 == 1 else "extended",
                          "description": self.text(2), **stamp}
                         for i in range(1, n["organizations"] + 1)]
        self.insert(tables["organizations"], organizations)

        accounts = n["people"] // 10
        password = PasswordHasher().hash(PASSWORD)
        roles = ["coordinator"] + ["member"] * (accounts // 3) + ["partner"] * accounts
        users = [{"id": i, "email": f"utente{i}@bench.example", "name": f"Utente {i}",
                  "role": roles[i - 1], "password_hash": password,
                  "security_stamp": f"{i:040d}", "created_at": now}
                 for i in range(1, accounts + 1)]
        self.insert(tables["users"], users)
        people = [{"id": i, "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                   "organization_id": rng.randint(1, n["organizations"]),
                   "email": f"persona{i}@bench.example", "role": self.words(1, 2),
                   "user_id": i if i <= accounts else None, **stamp}
                  for i in range(1, n["people"] + 1)]
        self.insert(tables["people"], people)

        projects = [{"id": i, "title": self.words(3, 6).capitalize(), "code": f"P{i:05d}",
                     "start_year": 2015 + i % 10, "status": rng.choice(
                         ["proposed", "approved", "running", "completed"]),
                     "summary": self.text(1), "description": self.text(4),
                     "lead_organization_id": rng.randint(1, n["organizations"]),
                     "visibility": rng.choice(["public", "network", "core"]), **stamp}
                    for i in range(1, n["projects"] + 1)]
        self.insert(tables["projects"], projects)
        self.insert(tables["deliberations"], [
            {"id": i, "project_id": (i - 1) % n["projects"] + 1, "year": 2015 + i % 11,
             "period": str(2015 + i % 11), "title": self.words(4, 8).capitalize(),
             "contribution_cents": rng.randint(1, 400) * 10_000, "created_at": now}
            for i in range(1, n["deliberations"] + 1)])

        meetings, minutes = [], []
        span = 3 * 365
        for i in range(1, n["meetings"] + 1):
            day = now - dt.timedelta(days=2 * 365) + dt.timedelta(days=span * i // n["meetings"])
            start = day.replace(hour=13 + i % 3, minute=0)
            kind = "core" if i % 3 else "enlarged"
            past = start < now
            status = ("held" if past else "scheduled") if i % 17 else "cancelled"
            meetings.append({"id": i, "uid": self.uid(), "title": f"Riunione {i}: "
                             + self.words(2, 4), "kind": kind,
                             "visibility": "core" if kind == "core" else rng.choice(
                                 ["public", "network"]),
                             "status": status, "starts_at": start,
                             "ends_at": start + dt.timedelta(hours=2, minutes=40),
                             "place": f"Sala {i % 7}", "description": self.text(2),
                             "created_by_id": 1, **stamp})
            if past and status == "held":
                minutes.append({"id": len(minutes) + 1, "meeting_id": i, "status": "approved",
                                "version": 1, "approved_at": start + dt.timedelta(days=14),
                                "summary": self.text(8), **stamp})
        self.insert(tables["meetings"], meetings)
        per_meeting = n["agenda_items"] // n["meetings"]
        self.insert(tables["agenda_items"], [
            {"id": (m - 1) * per_meeting + p, "meeting_id": m, "position": p,
             "status": "accepted", "title": self.words(3, 6).capitalize(),
             "description": self.text(2), "notes": self.text(3), "duration_minutes": 20,
             "presenter_id": rng.randint(1, n["people"]), **stamp}
            for m in range(1, n["meetings"] + 1) for p in range(1, per_meeting + 1)])
        self.insert(tables["minutes"], minutes)

        authors = range(1, accounts + 1)
        self.insert(tables["proposals"], [
            {"id": i, "title": self.words(3, 7).capitalize(), "body": self.text(6),
             "author_id": rng.choice(authors), "visibility": rng.choice(["network", "core"]),
             "status": rng.choice(["open", "open", "voting", "adopted"]), **stamp}
            for i in range(1, n["proposals"] + 1)])
        self.insert(tables["comments"], [
            {"id": i, "proposal_id": (i - 1) % n["proposals"] + 1,
             "author_id": rng.choice(authors), "body": self.text(2), "created_at": now
             - dt.timedelta(minutes=n["comments"] - i)}
            for i in range(1, n["comments"] + 1)])

        rounds, links, ballots, entries = [], [], [], []
        per_round = n["ballots"] // n["rounds"]
        for r in range(1, n["rounds"] + 1):
            opens = now - dt.timedelta(days=30 + r % 300)
            rounds.append({"id": r, "title": f"Priorità {r}", "method": "approval",
                           "electorate": "network", "opens_at": opens,
                           "closes_at": opens + dt.timedelta(days=14),
                           "ballot_salt": f"{r:064x}", **stamp})
            chosen = rng.sample(range(1, n["proposals"] + 1), 5)
            links += [{"round_id": r, "proposal_id": p, "position": k}
                      for k, p in enumerate(chosen, start=1)]
            for v in range(per_round):
                ballot = len(ballots) + 1
                ballots.append({"id": ballot, "round_id": r, "voter_hash": f"{ballot:064x}",
                                "receipt": f"R{ballot:012d}", "cast_at": opens, **stamp})
                entries += [{"ballot_id": ballot, "proposal_id": p, "value": 1}
                            for p in rng.sample(chosen, 3)]
        self.insert(tables["priority_rounds"], rounds)
        self.insert(tables["round_proposals"], links)
        self.insert(tables["ballots"], ballots)
        self.insert(tables["ballot_entries"], entries)

        self.insert(tables["seminars"], [
            {"id": i, "uid": self.uid(), "title": "Seminario: " + self.words(3, 6),
             "starts_at": now + dt.timedelta(days=i % 400 - 200, hours=-3),
             "ends_at": now + dt.timedelta(days=i % 400 - 200),
             "abstract": self.text(5), "visibility": rng.choice(["public", "network"]),
             **stamp} for i in range(1, n["seminars"] + 1)])

    def fix_sequences(self) -> None:
        if db.engine.dialect.name != "postgresql":
            return
        for name in self.counts:
            if "id" in db.metadata.tables[name].c:
                db.session.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))"))


def generate(app, *, scale: int, seed: int, index: bool = True) -> dict[str, int]:
    """Fill the (migrated, empty) database of ``app``; returns the rows per table."""
    with app.app_context():
        generator = Generator(seed, scale)
        generator.run()
        generator.fix_sequences()
        db.session.commit()
        if index:
            from tavolo.search.services.index import reindex

            reindex(db.session)
            db.session.commit()
        db.session.remove()
        return generator.counts


def make_app(database: str | None):
    folder = Path(tempfile.mkdtemp(prefix="tavolo-bench-"))
    url = database or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(folder),
                      "SECRET_KEY": "bench", "PUBLIC_URL": "https://tavolo.example.it",
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        upgrade()
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, choices=[1, 10, 100], default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--no-index", action="store_true", help="skip the search index")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    app = make_app(args.database)
    counts = generate(app, scale=args.scale, seed=args.seed, index=not args.no_index)
    for table, count in counts.items():
        print(f"{table:20} {count:8d}")
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI']}")
    print(f"{time.perf_counter() - started:.1f} s at scale {args.scale}, seed {args.seed}")


if __name__ == "__main__":
    main()
