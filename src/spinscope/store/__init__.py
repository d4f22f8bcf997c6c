"""Where analyses are kept, searched and counted.

``open_store()`` is the one entry point::

    from spinscope.store import open_store, Filters
    with open_store("corpus.db") as store:
        store.put(analysis)
        page = store.search("armée", Filters(language="fr"))

SQLite is the default and the only backend today; PostgreSQL will sit behind
the same methods.
"""

from __future__ import annotations

import os
from pathlib import Path

from spinscope.store.sqlite import SQLiteStore
from spinscope.store.types import (
    AmbiguousId,
    ArticleSummary,
    Filters,
    GroupStats,
    PlaceRow,
    SearchPage,
    StoreError,
    UnsupportedStore,
)

DEFAULT_PATH = "spinscope.db"
ENV_VAR = "SPINSCOPE_DB"

__all__ = [
    "DEFAULT_PATH",
    "ENV_VAR",
    "AmbiguousId",
    "ArticleSummary",
    "Filters",
    "GroupStats",
    "PlaceRow",
    "SQLiteStore",
    "SearchPage",
    "StoreError",
    "UnsupportedStore",
    "open_store",
    "store_target",
]


def store_target(target: str | Path | None = None) -> str:
    """The store location: ``target``, else ``$SPINSCOPE_DB``, else ``./spinscope.db``."""
    if target is None or str(target) == "":
        target = os.environ.get(ENV_VAR) or DEFAULT_PATH
    return str(target)


def open_store(target: str | Path | None = None) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at ``target``.

    ``target`` is a file path, ``":memory:"``, or a database URL; ``None``
    uses ``$SPINSCOPE_DB`` or ``./spinscope.db``. Raises ``StoreError`` with a
    one-line reason when it cannot be opened.
    """
    location = store_target(target)
    scheme = location.split("://", 1)[0].lower() if "://" in location else ""
    if scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        raise UnsupportedStore(
            "PostgreSQL stores are not supported yet; use a SQLite file path (e.g. --db corpus.db)"
        )
    if scheme == "sqlite":
        location = location.split("://", 1)[1] or ":memory:"
    elif scheme:
        raise StoreError(f"unknown store URL scheme {scheme!r}; give a SQLite file path")
    return SQLiteStore(location)
