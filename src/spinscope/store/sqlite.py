"""The SQLite store: one file, WAL mode, one transaction per article.

The full ``Analysis`` document is stored as JSON and is the source of truth;
the other tables (``migrations.py``) index it for search, facets, statistics
and the map. Re-storing an article replaces its rows in the same transaction,
so a reader never sees half an analysis and a killed process leaves every
article committed before it intact.

One connection is shared by the threads of a process (the web server) behind
a lock; other processes read concurrently thanks to WAL.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from spinscope.article import Analysis
from spinscope.store.fts import fts_query
from spinscope.store.migrations import SCHEMA_VERSION, migrate
from spinscope.store.rows import SNIPPET_CLOSE, SNIPPET_OPEN, rows_of
from spinscope.store.types import (
    AmbiguousId,
    ArticleSummary,
    Filters,
    GroupStats,
    PlaceRow,
    SearchPage,
    StoreError,
)

MIN_PREFIX = 6
FACETS = ("language", "source", "genre", "technique", "category", "frame")
FACET_SIZE = 50
MAX_LIMIT = 1000
_HEX = re.compile(r"^[0-9a-f]+$")
_SNIPPET_TOKENS = 24
_BATCH = 200

# Group expressions for stats(); never built from user input.
_GROUPS = {"source": "a.source", "language": "a.language", "month": "a.month"}
_TECHNIQUES_RAN = "instr(',' || a.stages || ',', ',techniques,') > 0"


class SQLiteStore:
    """Analyses in one SQLite file (``":memory:"`` for a throwaway store)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        in_memory = self.path == ":memory:"
        if not in_memory:
            parent = Path(self.path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        try:
            self._db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            self._db.execute("PRAGMA busy_timeout = 30000")
            if not in_memory:
                self._db.execute("PRAGMA journal_mode = WAL")
                # In WAL mode NORMAL loses no committed transaction when a
                # process dies; only a power cut can cost the last ones.
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self.migrated_from = migrate(self._db)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a spinscope database ({exc})") from exc
        except RuntimeError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    # ----------------------------------------------------------------- basics

    @property
    def vector_cache_path(self) -> Path | None:
        """File where the encoder should cache vectors (this same database)."""
        return None if self.path == ":memory:" else Path(self.path)

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: dict | tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._db.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # ------------------------------------------------------------ one article

    def put(self, analysis: Analysis) -> bool:
        """Store ``analysis``; True if the article was new, False if it replaced one."""
        rows = rows_of(analysis)
        with self._transaction() as db:
            found = db.execute("SELECT pk FROM articles WHERE id = ?", (rows.article["id"],))
            existing = found.fetchone()
            columns = rows.article
            if existing is None:
                columns = {**columns, "stored_at": columns["analysed_at"]}
                names = ", ".join(columns)
                marks = ", ".join(f":{n}" for n in columns)
                sql = f"INSERT INTO articles ({names}) VALUES ({marks})"
                pk = db.execute(sql, columns).lastrowid
            else:
                pk = existing[0]
                assignments = ", ".join(f"{n} = :{n}" for n in columns if n != "id")
                sql = f"UPDATE articles SET {assignments} WHERE pk = :pk"
                db.execute(sql, {**columns, "pk": pk})
                for table in ("findings", "paragraph_labels", "frames", "places"):
                    db.execute(f"DELETE FROM {table} WHERE article_pk = ?", (pk,))
                db.execute("DELETE FROM articles_fts WHERE rowid = ?", (pk,))
            db.execute(
                "INSERT OR REPLACE INTO documents (article_pk, document) VALUES (?, ?)",
                (pk, rows.document),
            )
            db.executemany(
                "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pk, *row) for row in rows.findings],
            )
            db.executemany(
                "INSERT INTO paragraph_labels VALUES (?, ?, ?, ?, ?)",
                [(pk, *row) for row in rows.paragraph_labels],
            )
            db.executemany(
                "INSERT INTO frames VALUES (?, ?, ?)", [(pk, *row) for row in rows.frames]
            )
            db.executemany(
                "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(pk, *row) for row in rows.places],
            )
            db.execute(
                "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                (pk, rows.fts_title, rows.fts_body),
            )
        return existing is None

    def resolve_id(self, article_id: str) -> str | None:
        """The full id of a stored article from its id or a unique prefix (≥ 6 chars).

        None if nothing matches; ``AmbiguousId`` if the prefix matches several.
        """
        key = article_id.strip().lower()
        if not _HEX.match(key) or len(key) < MIN_PREFIX:
            return None
        rows = self._query(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
            (key, key + "g"),
        )
        if not rows:
            return None
        if len(rows) > 1 and rows[0]["id"] != key:
            shown = ", ".join(r["id"] for r in rows[:5])
            raise AmbiguousId(f"id prefix {article_id!r} matches several articles: {shown}")
        return rows[0]["id"]

    def has(self, article_id: str) -> bool:
        """Whether the article with exactly this id is stored."""
        return bool(self._query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def stages_of(self, article_id: str) -> list[str] | None:
        """Stages the stored analysis of exactly this id ran; None if not stored.

        Lets ingest skip articles already analysed with every wanted stage and
        re-analyse those stored by a narrower run.
        """
        rows = self._query("SELECT stages FROM articles WHERE id = ?", (article_id,))
        if not rows:
            return None
        return [s for s in rows[0]["stages"].split(",") if s]

    def models_of(self, article_id: str) -> dict[str, str]:
        """Stage → model of the stored analysis of exactly this id (empty if not stored).

        Read from the document without parsing it whole, so that ingest can tell
        cheaply whether an upgrade left an article's findings behind.
        """
        rows = self._query(
            "SELECT json_extract(d.document, '$.models') AS models FROM documents d "
            "JOIN articles a ON a.pk = d.article_pk WHERE a.id = ?",
            (article_id,),
        )
        return json.loads(rows[0]["models"] or "{}") if rows else {}

    def stage_models(self) -> Iterator[tuple[str, list[str], dict[str, str]]]:
        """(id, stages, stage → model) of every stored article, in storage order."""
        rows = self._query(
            "SELECT a.id, a.stages, json_extract(d.document, '$.models') AS models "
            "FROM articles a JOIN documents d ON d.article_pk = a.pk ORDER BY a.pk"
        )
        for row in rows:
            stages = [s for s in row["stages"].split(",") if s]
            yield row["id"], stages, json.loads(row["models"] or "{}")

    def get(self, article_id: str) -> Analysis | None:
        """The stored analysis by id or unique id prefix; None if not stored."""
        full = self.resolve_id(article_id)
        if full is None:
            return None
        rows = self._query(
            "SELECT d.document FROM documents d JOIN articles a ON a.pk = d.article_pk "
            "WHERE a.id = ?",
            (full,),
        )
        return Analysis.model_validate_json(rows[0]["document"]) if rows else None

    def delete(self, article_id: str) -> bool:
        """Remove the article with exactly this id; False if it was not stored."""
        with self._transaction() as db:
            row = db.execute("SELECT pk FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM articles_fts WHERE rowid = ?", (row[0],))
            db.execute("DELETE FROM articles WHERE pk = ?", (row[0],))
        return True

    def count(self) -> int:
        return self._query("SELECT count(*) AS n FROM articles")[0]["n"]

    def language_counts(self) -> dict[str | None, int]:
        """Stored articles per language (None: not detected)."""
        rows = self._query("SELECT language, count(*) AS n FROM articles GROUP BY language")
        return {r["language"]: r["n"] for r in rows}

    # ---------------------------------------------------------------- queries

    @staticmethod
    def _where(query: str | None, filters: Filters | None) -> tuple[str, dict]:
        """SQL condition on ``articles a`` and its parameters (never user SQL)."""
        conditions: list[str] = []
        params: dict[str, str] = {}
        if query is not None and query.strip():
            params["match"] = fts_query(query)
            conditions.append(
                "a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match)"
            )
        f = filters or Filters()
        simple = {"language": "a.language", "source": "a.source", "genre": "a.genre"}
        for name, column in simple.items():
            if getattr(f, name):
                conditions.append(f"{column} = :{name}")
                params[name] = getattr(f, name)
        if f.date_from:
            conditions.append("a.published >= :date_from")
            params["date_from"] = f.date_from
        if f.date_to:
            conditions.append("substr(a.published, 1, length(:date_to)) <= :date_to")
            params["date_to"] = f.date_to
        for name, table, column in (
            ("technique", "paragraph_labels", "technique"),
            ("category", "paragraph_labels", "category"),
            ("frame", "frames", "frame"),
        ):
            if getattr(f, name):
                conditions.append(
                    f"EXISTS (SELECT 1 FROM {table} x WHERE x.article_pk = a.pk "
                    f"AND x.{column} = :{name})"
                )
                params[name] = getattr(f, name)
        return (" AND ".join(conditions) or "1"), params

    def _run_search(self, sql: str, params: dict) -> list[sqlite3.Row]:
        try:
            return self._query(sql, params)
        except sqlite3.OperationalError as exc:
            # fts_query() should make this unreachable; never leak SQL errors.
            raise ValueError(f"cannot run this search: {exc}") from exc

    def search(
        self,
        query: str | None = None,
        filters: Filters | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> SearchPage:
        """Articles matching the full-text ``query`` and ``filters``, best first.

        Without a query, newest first. Raises ``ValueError`` for a query that
        cannot mean anything or for a bad limit/offset.
        """
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        if offset < 0:
            raise ValueError("offset must be 0 or more")
        where, params = self._where(query, filters)
        page = {**params, "limit": limit, "offset": offset}
        with self._lock:
            total = self._match_into_temp(where, params)
            if "match" in params:
                rows = self._run_search(
                    "SELECT a.*, snippet(articles_fts, 1, :open, :close, '…', :tokens) "
                    "AS snippet FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                    f"WHERE articles_fts MATCH :match AND {where} "
                    "ORDER BY bm25(articles_fts, 5.0, 1.0), a.pk LIMIT :limit OFFSET :offset",
                    {
                        **page,
                        "open": SNIPPET_OPEN,
                        "close": SNIPPET_CLOSE,
                        "tokens": _SNIPPET_TOKENS,
                    },
                )
            else:
                rows = self._run_search(
                    f"SELECT a.*, a.lead AS snippet FROM articles a WHERE {where} "
                    "ORDER BY a.published IS NULL, a.published DESC, a.pk DESC "
                    "LIMIT :limit OFFSET :offset",
                    page,
                )
            facets = self._facets()
        techniques = self._technique_counts([r["pk"] for r in rows])
        items = [self._summary(r, techniques.get(r["pk"], {})) for r in rows]
        return SearchPage(total=total, items=items, facets=facets, limit=limit, offset=offset)

    def _match_into_temp(self, where: str, params: dict) -> int:
        """Put the matching articles' keys in ``temp.matched``; returns how many.

        Facet queries then join that small table instead of re-running the
        search once per facet. Temp tables live in this connection only, so
        this is safe under the store lock and never writes the database file.
        """
        self._db.execute("CREATE TEMP TABLE IF NOT EXISTS matched (pk INTEGER PRIMARY KEY)")
        self._db.execute("DELETE FROM temp.matched")
        try:
            self._db.execute(
                f"INSERT INTO temp.matched SELECT a.pk FROM articles a WHERE {where}", params
            )
        except sqlite3.OperationalError as exc:
            raise ValueError(f"cannot run this search: {exc}") from exc
        return self._db.execute("SELECT count(*) FROM temp.matched").fetchone()[0]

    def _technique_counts(self, pks: list[int]) -> dict[int, dict[str, int]]:
        if not pks:
            return {}
        marks = ",".join("?" * len(pks))
        counts: dict[int, dict[str, int]] = defaultdict(dict)
        for row in self._query(
            f"SELECT article_pk, technique, count(*) AS n FROM paragraph_labels "
            f"WHERE article_pk IN ({marks}) AND paragraph >= 0 GROUP BY 1, 2 ORDER BY 3 DESC, 2",
            tuple(pks),
        ):
            counts[row["article_pk"]][row["technique"]] = row["n"]
        return counts

    @staticmethod
    def _summary(row: sqlite3.Row, techniques: dict[str, int]) -> ArticleSummary:
        snippet, highlights = _unmark(row["snippet"] or "")
        return ArticleSummary(
            id=row["id"],
            title=row["title"],
            source=row["source"],
            url=row["url"],
            published=row["published"],
            language=row["language"],
            genre=row["genre"],
            paragraphs=row["paragraphs"],
            techniques=techniques,
            snippet=snippet,
            highlights=highlights,
        )

    def _facets(self) -> dict[str, dict[str, int]]:
        """Facet counts over the articles in ``temp.matched``."""
        column = (
            "SELECT a.{0} AS v, count(*) AS n FROM temp.matched m "
            "JOIN articles a ON a.pk = m.pk WHERE a.{0} IS NOT NULL GROUP BY 1"
        )
        labels = (
            "SELECT l.{0} AS v, count(DISTINCT l.article_pk) AS n FROM temp.matched m "
            "JOIN paragraph_labels l ON l.article_pk = m.pk WHERE l.{0} IS NOT NULL GROUP BY 1"
        )
        sources = {
            "language": column.format("language"),
            "source": column.format("source"),
            "genre": column.format("genre"),
            "technique": labels.format("technique"),
            "category": labels.format("category"),
            "frame": "SELECT f.frame AS v, count(*) AS n FROM temp.matched m "
            "JOIN frames f ON f.article_pk = m.pk GROUP BY 1",
        }
        return {
            name: {
                r["v"]: r["n"] for r in self._query(f"{sql} ORDER BY n DESC, v LIMIT {FACET_SIZE}")
            }
            for name, sql in sources.items()
        }

    def iter_analyses(
        self, query: str | None = None, filters: Filters | None = None
    ) -> Iterator[Analysis]:
        """Every matching analysis, oldest first, loaded a batch at a time."""
        where, params = self._where(query, filters)
        pks = [
            r["pk"]
            for r in self._run_search(
                f"SELECT a.pk FROM articles a WHERE {where} "
                "ORDER BY a.published IS NULL, a.published, a.pk",
                params,
            )
        ]
        for i in range(0, len(pks), _BATCH):
            chunk = pks[i : i + _BATCH]
            marks = ",".join("?" * len(chunk))
            documents = {
                r["article_pk"]: r["document"]
                for r in self._query(
                    f"SELECT article_pk, document FROM documents WHERE article_pk IN ({marks})",
                    tuple(chunk),
                )
            }
            for pk in chunk:
                if pk in documents:  # deleted meanwhile
                    yield Analysis.model_validate_json(documents[pk])

    def stats(
        self,
        by: Literal["source", "language", "month"],
        filters: Filters | None = None,
    ) -> list[GroupStats]:
        """Technique and category rates per group, for the corpus dashboard.

        Rates are over the paragraphs of articles the techniques stage ran on,
        so articles stored with ``--only segment`` do not dilute them.
        """
        if by not in _GROUPS:
            raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(_GROUPS)}")
        group = _GROUPS[by]
        where, params = self._where(None, filters)
        with self._lock:
            self._db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS grouped "
                "(pk INTEGER PRIMARY KEY, g TEXT, paragraphs INTEGER, analysed INTEGER)"
            )
            self._db.execute("DELETE FROM temp.grouped")
            self._db.execute(
                f"INSERT INTO temp.grouped SELECT a.pk, {group}, a.paragraphs, "
                f"{_TECHNIQUES_RAN} FROM articles a WHERE {where}",
                params,
            )
            totals = self._query(
                "SELECT g, count(*) AS articles, sum(paragraphs) AS paragraphs, "
                "sum(CASE WHEN analysed THEN paragraphs ELSE 0 END) AS analysed "
                "FROM temp.grouped GROUP BY g"
            )
            per_technique = self._query(
                "SELECT m.g AS g, l.technique AS k, count(*) AS n FROM temp.grouped m "
                "JOIN paragraph_labels l ON l.article_pk = m.pk "
                "WHERE m.analysed AND l.paragraph >= 0 GROUP BY 1, 2"
            )
            per_category = self._query(
                "SELECT g, k, count(*) AS n FROM (SELECT DISTINCT m.g AS g, l.category AS k, "
                "l.article_pk, l.paragraph FROM temp.grouped m "
                "JOIN paragraph_labels l ON l.article_pk = m.pk "
                "WHERE m.analysed AND l.paragraph >= 0 AND l.category IS NOT NULL) GROUP BY 1, 2"
            )
        results: dict[str | None, GroupStats] = {}
        analysed: dict[str | None, int] = {}
        for row in totals:
            results[row["g"]] = GroupStats(
                group=row["g"], articles=row["articles"], paragraphs=row["paragraphs"] or 0
            )
            analysed[row["g"]] = row["analysed"] or 0
        rates = ((per_technique, "technique_rates"), (per_category, "category_rates"))
        for rows, attribute in rates:
            for row in sorted(rows, key=lambda r: (-r["n"], r["k"])):
                denominator = analysed.get(row["g"], 0)
                if denominator:
                    getattr(results[row["g"]], attribute)[row["k"]] = row["n"] / denominator
        ordered = list(results.values())
        if by == "month":
            ordered.sort(key=lambda s: (s.group is None, s.group or ""))
        else:
            ordered.sort(key=lambda s: (-s.articles, s.group is None, s.group or ""))
        return ordered

    def top_phrases(
        self, technique: str, limit: int = 20, filters: Filters | None = None
    ) -> list[tuple[str, int]]:
        """The phrases most often flagged with ``technique``, with their counts.

        Variants differing only in case or spacing count as one phrase, shown
        in its most frequent form.
        """
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be between 0 and {MAX_LIMIT}")
        where, params = self._where(None, filters)
        rows = self._query(
            f"WITH forms AS (SELECT f.phrase_key, f.phrase, count(*) AS n FROM findings f "
            f"JOIN articles a ON a.pk = f.article_pk "
            f"WHERE f.technique = :technique AND f.phrase_key != '' AND {where} "
            "GROUP BY 1, 2), "
            "ranked AS (SELECT phrase, sum(n) OVER (PARTITION BY phrase_key) AS total, "
            "row_number() OVER (PARTITION BY phrase_key ORDER BY n DESC, phrase) AS rn "
            "FROM forms) "
            "SELECT phrase, total FROM ranked WHERE rn = 1 "
            "ORDER BY total DESC, phrase LIMIT :limit",
            {**params, "technique": technique, "limit": limit},
        )
        return [(r["phrase"], r["total"]) for r in rows]

    def places(self, filters: Filters | None = None) -> list[PlaceRow]:
        """Resolved places with the articles mentioning them, most mentioned first."""
        where, params = self._where(None, filters)
        rows = self._query(
            "SELECT p.name, p.latitude, p.longitude, p.country, p.geonames_id, "
            "p.precision_km, a.id "
            "FROM places p JOIN articles a ON a.pk = p.article_pk "
            "WHERE p.status = 'resolved' AND p.latitude IS NOT NULL "
            f"AND p.longitude IS NOT NULL AND {where} ORDER BY a.pk",
            params,
        )
        groups: dict[tuple, dict] = {}
        for r in rows:
            key = (
                ("geonames", r["geonames_id"])
                if r["geonames_id"] is not None
                else ("point", round(r["latitude"], 4), round(r["longitude"], 4))
            )
            group = groups.setdefault(key, {"names": Counter(), "ids": {}, "row": r})
            group["names"][r["name"]] += 1
            group["ids"][r["id"]] = None
        places = [
            PlaceRow(
                name=g["names"].most_common(1)[0][0],
                latitude=g["row"]["latitude"],
                longitude=g["row"]["longitude"],
                country=g["row"]["country"],
                precision_km=g["row"]["precision_km"],
                articles=len(g["ids"]),
                article_ids=list(g["ids"]),
            )
            for g in groups.values()
        ]
        places.sort(key=lambda p: (-p.articles, p.name))
        return places


def _unmark(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove the snippet's match markers; return plain text and marked ranges."""
    text: list[str] = []
    highlights: list[tuple[int, int]] = []
    position = 0
    start = None
    for char in snippet:
        if char == SNIPPET_OPEN:
            start = position
        elif char == SNIPPET_CLOSE:
            if start is not None:
                highlights.append((start, position))
            start = None
        else:
            text.append(char)
            position += 1
    return "".join(text), highlights
