"""The two full-text engines behind one interface.

Both index the same three texts of an entry: its title and body (ranked, title first) and
its plain words (for the prefix of the word being typed, which stems cannot serve:
"salvam" is not a prefix of the stem "salv" of "salvamento").

- SQLite: an FTS5 table ``search_fts(title, body, words)`` whose rowid is the entry's id.
  Title and body hold Snowball stems computed in Python (``text.index_text``); the
  ``unicode61 remove_diacritics 2`` tokenizer folds what is left. Ranked with ``bm25``.
- PostgreSQL: ``search_fts(entry_id, document, words)`` with GIN indexes; ``document`` is
  the ``tavolo_it`` configuration (``italian`` with ``unaccent`` before the stemmer),
  ``words`` the ``tavolo_simple`` one (``simple`` with ``unaccent``). Ranked with
  ``ts_rank``.

Queries are built from :class:`~tavolo.search.services.text.ParsedQuery` terms only (letters
and digits), never from the raw input. Scores are "lower is better" on both.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from tavolo.search.models import SearchEntry
from tavolo.search.services.text import MAX_INDEXED_CHARS, ParsedQuery, index_text, words

entries = SearchEntry.__table__


class SqliteEngine:
    name = "sqlite"
    fts = sa.table("search_fts", sa.column("rowid", sa.Integer))

    def write(self, connection, rows: Sequence[tuple[int, str, str]]) -> None:
        """Replace the indexed text of entries ``(id, title, body)``."""
        if not rows:
            return
        self.delete(connection, [row[0] for row in rows])
        connection.execute(
            sa.text("INSERT INTO search_fts (rowid, title, body, words) "
                    "VALUES (:id, :title, :body, :words)"),
            [{"id": entry_id, "title": index_text(title), "body": index_text(body),
              "words": " ".join(dict.fromkeys(words(f"{title} {body[:MAX_INDEXED_CHARS]}")))}
             for entry_id, title, body in rows])

    def delete(self, connection, entry_ids: Sequence[int]) -> None:
        for start in range(0, len(entry_ids), 500):
            chunk = list(entry_ids[start:start + 500])
            connection.execute(sa.text("DELETE FROM search_fts WHERE rowid IN :ids")
                               .bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk})

    def clear(self, connection) -> None:
        connection.execute(sa.text("DELETE FROM search_fts"))

    def analyze(self, connection) -> None:
        """Refresh the planner's statistics after a rebuild."""
        connection.execute(sa.text("ANALYZE search_entries"))

    @staticmethod
    def match_expression(query: ParsedQuery) -> str:
        """The FTS5 query: every stem in title or body, the last one also as a prefix of a
        word. Each term is a quoted string of letters and digits, so no syntax gets in."""
        parts = [f'{{title body}} : "{s}"' for s in query.stems[:-1]]
        last_stem, last_term = query.stems[-1], query.terms[-1]
        parts.append(f'({{title body}} : "{last_stem}" OR words : "{last_term}" *)')
        return " AND ".join(parts)

    def hits(self, query: ParsedQuery, scored: bool = True):
        """``SELECT id, score`` of the entries matching ``query`` (no visibility yet);
        without ``scored`` the score is a constant (counting needs no ranking)."""
        table = sa.literal_column("search_fts")
        score = sa.func.bm25(table, 10.0, 1.0, 0.0) if scored else sa.literal(0.0)
        return (sa.select(self.fts.c.rowid.label("id"), score.label("score"))
                .select_from(self.fts)
                .where(table.op("MATCH")(sa.bindparam("fts_query",
                                                      self.match_expression(query)))))


class PostgresEngine:
    name = "postgresql"
    fts = sa.table("search_fts", sa.column("entry_id", sa.Integer),
                   sa.column("document"), sa.column("words"))
    _config = sa.literal_column("'tavolo_it'::regconfig")
    _simple = sa.literal_column("'tavolo_simple'::regconfig")

    def write(self, connection, rows: Sequence[tuple[int, str, str]]) -> None:
        if not rows:
            return
        connection.execute(sa.text(
            "INSERT INTO search_fts (entry_id, document, words) VALUES (:id, "
            "setweight(to_tsvector('tavolo_it', :title), 'A') || "
            "setweight(to_tsvector('tavolo_it', :body), 'B'), "
            "strip(to_tsvector('tavolo_simple', :title || ' ' || :body))) "
            "ON CONFLICT (entry_id) DO UPDATE "
            "SET document = excluded.document, words = excluded.words"),
            [{"id": entry_id, "title": title, "body": body[:MAX_INDEXED_CHARS]}
             for entry_id, title, body in rows])

    def delete(self, connection, entry_ids: Sequence[int]) -> None:
        """Nothing to do: ``search_fts`` rows go with their entry (ON DELETE CASCADE)."""

    def clear(self, connection) -> None:
        connection.execute(sa.text("DELETE FROM search_fts"))

    def analyze(self, connection) -> None:
        """Refresh the planner's statistics after a rebuild: without them PostgreSQL
        guesses a handful of entries and a default share of matches, and joins by scanning
        the whole index (ten times slower on 100,000 entries)."""
        connection.execute(sa.text("ANALYZE search_entries"))
        connection.execute(sa.text("ANALYZE search_fts"))

    def hits(self, query: ParsedQuery, scored: bool = True):
        fts = self.fts
        document, words_column = fts.c.document, fts.c.words
        full = sa.func.to_tsquery(self._config, " & ".join(query.terms))
        head = sa.func.to_tsquery(self._config, " & ".join(query.terms[:-1]))
        prefix = sa.func.to_tsquery(self._simple, f"{query.terms[-1]}:*")
        if len(query.terms) == 1:
            where = sa.or_(document.op("@@")(full), words_column.op("@@")(prefix))
        else:
            where = sa.or_(
                document.op("@@")(full),
                sa.and_(sa.or_(sa.func.numnode(head) == 0, document.op("@@")(head)),
                        words_column.op("@@")(prefix)))
        ranking = sa.func.to_tsquery(self._config, " | ".join(query.terms))
        score = -sa.func.ts_rank(document, ranking) if scored else sa.literal(0.0)
        return (sa.select(fts.c.entry_id.label("id"), score.label("score"))
                .select_from(fts).where(where))


def engine_for(connection_or_session) -> SqliteEngine | PostgresEngine:
    bind = connection_or_session.get_bind() if hasattr(connection_or_session, "get_bind") \
        else connection_or_session
    return PostgresEngine() if bind.dialect.name == "postgresql" else SqliteEngine()
