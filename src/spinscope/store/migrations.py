"""The SQLite schema as an ordered list of migrations.

``PRAGMA user_version`` records how many migrations a database has had; opening
a store applies the missing ones in order, each in its own transaction, so an
old database file keeps working after an upgrade. Never edit a migration that
has shipped: append a new one.

The full ``Analysis`` JSON (``documents.document``) is the source of truth; every
other table is a denormalised index of it for searching and counting, and can be
rebuilt from the documents.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: articles, findings, frames, places, full-text index.
    """
    CREATE TABLE articles (
        pk          INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        source      TEXT,
        url         TEXT,
        author      TEXT,
        published   TEXT,
        month       TEXT,
        language    TEXT,
        genre       TEXT,
        genre_score REAL,
        paragraphs  INTEGER NOT NULL,
        lead        TEXT NOT NULL,
        origin      TEXT,
        stages      TEXT NOT NULL,
        stored_at   TEXT NOT NULL,
        analysed_at TEXT NOT NULL,
        document    TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_language ON articles(language);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_genre ON articles(genre);

    -- Phrase-level findings (spans), as the stages reported them.
    CREATE TABLE findings (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        paragraph  INTEGER NOT NULL,
        technique  TEXT NOT NULL,
        category   TEXT,
        score      REAL,
        start      INTEGER NOT NULL,
        "end"      INTEGER NOT NULL,
        phrase     TEXT NOT NULL,
        phrase_key TEXT NOT NULL
    );
    CREATE INDEX findings_article ON findings(article_pk);
    CREATE INDEX findings_technique ON findings(technique, phrase_key);

    -- One row per (paragraph, technique) flagged, from paragraph decisions and
    -- phrase findings alike: the unit of technique rates and counts.
    CREATE TABLE paragraph_labels (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        paragraph  INTEGER NOT NULL,
        technique  TEXT NOT NULL,
        category   TEXT,
        score      REAL,
        PRIMARY KEY (article_pk, paragraph, technique)
    ) WITHOUT ROWID;
    CREATE INDEX paragraph_labels_technique ON paragraph_labels(technique, article_pk);
    CREATE INDEX paragraph_labels_category ON paragraph_labels(category, article_pk);

    CREATE TABLE frames (
        article_pk INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        frame      TEXT NOT NULL,
        score      REAL,
        PRIMARY KEY (article_pk, frame)
    ) WITHOUT ROWID;
    CREATE INDEX frames_frame ON frames(frame, article_pk);

    CREATE TABLE places (
        article_pk  INTEGER NOT NULL REFERENCES articles(pk) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        status      TEXT NOT NULL,
        latitude    REAL,
        longitude   REAL,
        country     TEXT,
        geonames_id INTEGER,
        mentions    INTEGER NOT NULL
    );
    CREATE INDEX places_article ON places(article_pk);
    CREATE INDEX places_resolved ON places(status, geonames_id);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    """,
    # 2: the JSON documents move to their own table, so scans of ``articles``
    # (facets, filters, date order) read narrow rows instead of whole documents.
    """
    CREATE TABLE documents (
        article_pk INTEGER PRIMARY KEY REFERENCES articles(pk) ON DELETE CASCADE,
        document   TEXT NOT NULL
    );
    INSERT INTO documents (article_pk, document) SELECT pk, document FROM articles;
    ALTER TABLE articles DROP COLUMN document;
    """,
    # 3: how far a place's point may be from the place, so the map can draw a sea, a
    # river or « Moyen-Orient » as the wide area it is; filled in from the documents.
    """
    ALTER TABLE places ADD COLUMN precision_km REAL;
    UPDATE places SET precision_km = (
        SELECT json_extract(p.value, '$.precision_km')
        FROM documents d, json_each(d.document, '$.places') AS p
        WHERE d.article_pk = places.article_pk
          AND json_extract(p.value, '$.name') = places.name
        LIMIT 1
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` to the latest schema; returns the version it was at before.

    Raises ``RuntimeError`` for a database written by a newer spinscope, which
    this version must not touch.
    """
    before = schema_version(db)
    if before > SCHEMA_VERSION:
        raise RuntimeError(
            f"database schema version {before} is newer than this spinscope "
            f"supports ({SCHEMA_VERSION}); upgrade spinscope"
        )
    for version in range(before + 1, SCHEMA_VERSION + 1):
        # executescript() commits first; BEGIN makes the migration and its
        # version bump one atomic step.
        try:
            db.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[version - 1]}\n"
                f"PRAGMA user_version = {version};\nCOMMIT;"
            )
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return before
