"""Time the search on synthetic data and print p50/p95 per kind of query, on both databases.

    .venv/bin/python bench/search.py [--scale 1.0] [--postgresql URL] [--skip-sqlite]

Builds its own data through the real migrations: 10,000 meetings (each with three agenda
items, minutes and a decision), 50,000 comments on 500 proposals and 2,000 text documents
(indexed through a search source that replaces the documents area's own for the run, so no
files need writing: generated text of one to three pages). The index is built with the
real ``reindex``. Then it times ``services.query.search`` (facets and the page of results,
the two statements a search page runs) for one-word, two-word and prefix queries as a
core-group member, 40 queries each after a warm-up, and prints the median and the 95th
percentile. SQLite runs in a temporary file; PostgreSQL (``--postgresql``, or the
``TAVOLO_BENCH_DATABASE_URL`` variable) in a schema ``bench_search`` dropped afterwards. Nothing is
asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402

from tavolo import create_app  # noqa: E402
from tavolo import search as search_area
from tavolo.auth.models import Role, User  # noqa: E402
from tavolo.extensions import db  # noqa: E402
from tavolo.meetings.models import AgendaItem, Decision, Meeting, Minutes  # noqa: E402
from tavolo.proposals.models import Comment, Proposal  # noqa: E402
from tavolo.search.services.index import reindex  # noqa: E402
from tavolo.search.services.query import SearchFilters, search  # noqa: E402
from tavolo.visibility import Visibility  # noqa: E402

WORDS = """
tirocinio tirocini lavoro lavoratori giovani donne disabilità inserimento formazione corso
corsi impresa imprese cooperativa cooperative sociale sociali progetto progetti bando bandi
finanziamento contributo delibera circoscrizione quartiere rete tavolo riunione verbale
orientamento sportello colloquio curriculum competenze laboratorio orto giardino cucina
ristorazione magazzino logistica pulizie manutenzione bagnino salvamento brevetto piscina
scuola studenti famiglie migranti mediazione culturale lingua italiano anziani assistenza
cura volontariato associazione parrocchia biblioteca comune regione provincia centro
impiego servizi politiche attive occupazione disoccupati borsa borse stage apprendistato
contratto assunzione selezione valutazione risultati obiettivi relazione monitoraggio
incontro seminario giornata studio partner capofila enti fondazione risorse spesa bilancio
""".split()


_CUMULATIVE: dict[int, list[float]] = {}


def _zipf_words(rng: random.Random, vocabulary: list[str], n: int) -> str:
    cumulative = _CUMULATIVE.get(len(vocabulary))
    if cumulative is None:
        total, cumulative = 0.0, []
        for rank in range(len(vocabulary)):
            total += 1 / (rank + 1)
            cumulative.append(total)
        _CUMULATIVE[len(vocabulary)] = cumulative
    return " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=n))


def vocabulary(rng: random.Random) -> list[str]:
    """The real words and 4,000 made-up ones, shuffled: the order is the Zipf rank, so the
    real words (the ones queried) fall anywhere from very frequent to rare."""
    syllables = ["ca", "to", "ri", "ne", "la", "vo", "mi", "se", "po", "tu", "gi", "ra",
                 "sta", "pre", "con", "tra", "zio", "men", "ti", "co"]
    made_up = {"".join(rng.choices(syllables, k=rng.randint(3, 5))) for _ in range(4500)}
    words = WORDS + sorted(made_up - set(WORDS))[:4000]
    rng.shuffle(words)
    return words


def build(app, scale: float) -> None:
    rng = random.Random(7)
    vocab = vocabulary(rng)

    def text(n):
        return _zipf_words(rng, vocab, n)

    meetings_n, comments_n, documents_n = int(10_000 * scale), int(50_000 * scale), int(
        2_000 * scale)
    start = time.perf_counter()
    with app.app_context():
        author = User(email="bench@example.org", name="Bench", role=Role.MEMBER)
        db.session.add(author)
        db.session.flush()
        base = dt.datetime(2005, 1, 10, 15, tzinfo=dt.UTC)
        meetings = []
        for n in range(meetings_n):
            starts = base + dt.timedelta(days=n * 2)
            core = n % 3 == 0
            meetings.append({
                "id": n + 1, "title": "Riunione " + text(3), "kind": "core" if core else "enlarged",
                "status": "held", "visibility": "core" if core else ("public" if n % 2 else "network"),
                "starts_at": starts, "ends_at": starts + dt.timedelta(hours=2),
                "place": "Sala " + text(1), "description": text(40)})
        db.session.execute(sa.insert(Meeting), meetings)
        items, minutes, decisions = [], [], []
        for n in range(meetings_n):
            for position in (1, 2, 3):
                items.append({"meeting_id": n + 1, "position": position, "title": text(5),
                              "description": text(30), "notes": text(40)})
            approved = n % 4 != 0
            minutes.append({"meeting_id": n + 1, "summary": text(120),
                            "status": "approved" if approved else "draft",
                            "version": 1 if approved else 0,
                            "approved_at": base if approved else None})
            decisions.append({"meeting_id": n + 1, "text": text(25)})
        db.session.execute(sa.insert(AgendaItem), items)
        db.session.execute(sa.insert(Minutes), minutes)
        db.session.execute(sa.insert(Decision), decisions)
        proposals = [{"id": n + 1, "title": text(6), "body": text(80), "author_id": author.id,
                      "visibility": "network"} for n in range(500)]
        db.session.execute(sa.insert(Proposal), proposals)
        db.session.execute(sa.insert(Comment), [
            {"proposal_id": n % 500 + 1, "author_id": author.id, "body": text(35)}
            for n in range(comments_n)])
        db.session.commit()
        loaded = time.perf_counter()

        documents = {n + 1: text(rng.randint(400, 1500)) for n in range(documents_n)}

        def load_documents(ids):
            return [search_area.SearchDocument(
                object_id=i, title="Documento " + documents[i][:60], body=documents[i],
                visibility=Visibility.NETWORK, year=2005 + i % 20) for i in ids]

        search_area.register(app, search_area.SearchSource(
            key="document", label="Documenti", model=type("BenchDocument", (), {}),
            load=load_documents, url=lambda entry: f"/documents/{entry.object_id}",
            all_ids=lambda: sa.select(sa.literal(0)).where(sa.false())))
        app.extensions.pop("tavolo_search_plan", None)
        counts = reindex(db.session)
        from tavolo.search import sources
        from tavolo.search.services.index import refresh
        counts["document"] = refresh(db.session, sources.by_key()["document"],
                                     list(documents))
        db.session.commit()
        from tavolo.search.services.engines import engine_for
        with db.engine.begin() as connection:
            engine_for(connection).analyze(connection)
        done = time.perf_counter()
    print(f"  data: {sum(counts.values()):,} index entries "
          f"({', '.join(f'{k} {v:,}' for k, v in counts.items())}); "
          f"loaded in {loaded - start:.0f} s, indexed in {done - loaded:.0f} s")


def measure(app, repeat: int = 40) -> None:
    rng = random.Random(11)
    common = WORDS
    queries = {
        "one word": [rng.choice(common) for _ in range(repeat)],
        "two words": [f"{rng.choice(common)} {rng.choice(common)}" for _ in range(repeat)],
        "prefix": [rng.choice(common)[:rng.randint(3, 5)] for _ in range(repeat)],
    }
    with app.app_context(), app.test_request_context():
        user = db.session.scalar(sa.select(User))
        for text in queries["one word"][:5]:  # warm-up (caches, prepared statements)
            search(user, SearchFilters(text=text))
        for kind, texts in queries.items():
            timings = []
            hits = []
            for text in texts:
                started = time.perf_counter()
                results = search(user, SearchFilters(text=text))
                timings.append((time.perf_counter() - started) * 1000)
                hits.append(results.total)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
            print(f"  {kind:<10} p50 {statistics.median(timings):6.1f} ms   p95 {p95:6.1f} ms"
                  f"   (median hits {int(statistics.median(hits)):,})")


def run(url: str, label: str, scale: float, folder: Path) -> None:
    print(f"{label}:")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(folder),
                      "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    build(app, scale)
    measure(app)
    with app.app_context():
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--postgresql", default=os.environ.get("TAVOLO_BENCH_DATABASE_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tavolo-search-bench-"))
    if not args.skip_sqlite:
        run(f"sqlite:///{folder / 'bench.sqlite3'}", "SQLite (FTS5)", args.scale, folder)
    if args.postgresql:
        base = args.postgresql.split("?")[0].replace("postgresql://", "postgresql+psycopg://")
        engine = sa.create_engine(base)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA IF EXISTS bench_search CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA bench_search"))
        engine.dispose()
        try:
            run(f"{base}?options=-csearch_path%3Dbench_search", "PostgreSQL (full text)",
                args.scale, folder)
        finally:
            engine = sa.create_engine(base)
            with engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA IF EXISTS bench_search CASCADE"))
            engine.dispose()
    else:
        print("PostgreSQL: skipped (pass --postgresql URL or set TAVOLO_BENCH_DATABASE_URL)")


if __name__ == "__main__":
    main()
