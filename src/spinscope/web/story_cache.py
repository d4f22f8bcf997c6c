"""The stories of a running workbench, kept current without reading the whole store again.

Reading one stored article for stories costs about 20 ms (its analysis is parsed, its
sentence vectors looked up), so a store of 10,000 articles takes minutes: the CLI can pay
that once per command, a page cannot pay it per request. The workbench keeps every
article's profile between requests, with what tells one stored version of it from the next
(when it was analysed, its stages, its genre and genre score, which the corpus genre
re-reading changes), and reads again only the articles added or changed since.

Whether anything changed at all costs one pragma: ``PRAGMA data_version``, on a connection
of this cache's own, changes whenever another connection commits to the file (this
server's store, or a ``spinscope ingest`` running beside it); only then is the list of
versions read. Indexes (one per set of filters) and groupings (one per filters, threshold
and smallest story) are kept for the current profiles and dropped when they change. One
lock guards it all, so two requests never read the same change twice.

The article view must not wait minutes for its related panel: it reads the latest
whole-store index as it is and, when that lags the store, has it rebuilt in a background
thread (``related_now``).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spinscope.store import Filters, SQLiteStore
from spinscope.stories.settings import DEFAULT_DAYS

if TYPE_CHECKING:
    from spinscope.stories.grouping import Story
    from spinscope.stories.index import Related, StoryIndex
    from spinscope.stories.profile import StoryProfile

log = logging.getLogger(__name__)

# Each stored article's version, in the order the store reads analyses (``iter_analyses``:
# dated oldest first, then undated), so that ties rank here as they do in the CLI.
_VERSIONS = (
    "SELECT id, analysed_at, stages, genre, genre_score FROM articles "
    "ORDER BY published IS NULL, published, pk"
)
_KEPT = 4  # indexes and groupings kept: the parameter sets an analyst moves between
EVERYTHING = Filters()


@dataclass(frozen=True)
class StoryQuery:
    """What a grouping depends on (the cache's key)."""

    filters: Filters
    threshold: float
    min_articles: int
    lang: str | None = None  # shared names spelt as articles in this language write them
    days: int | None = DEFAULT_DAYS  # dated articles further apart are not joined (None: any)
    min_outlets: int = 1  # only stories told by this many outlets or more


def passes(profile: StoryProfile, filters: Filters) -> bool:
    """Whether a profile passes the stories' filters, read as the store's search reads them
    (equal language, outlet and genre; dates as inclusive ISO prefixes)."""
    for name in ("language", "source", "genre"):
        wanted = getattr(filters, name)
        if wanted and getattr(profile, name) != wanted:
            return False
    published = profile.published
    if filters.date_from and not (published and published >= filters.date_from):
        return False
    to = filters.date_to
    return not to or bool(published and published[: len(to)] <= to)


def _remember(kept: OrderedDict, key: object, value: object) -> None:
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > _KEPT:
        kept.popitem(last=False)


class StoryCache:
    """Story profiles, indexes and groupings of one store, current at each call."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = store
        # an in-memory store (the OpenAPI build) cannot be watched: it is read at each call
        self._watch = (
            None
            if store.vector_cache_path is None
            else sqlite3.connect(
                store.vector_cache_path, isolation_level=None, check_same_thread=False
            )
        )
        self._lock = threading.Lock()  # profiles, indexes, groupings
        self._watch_lock = threading.Lock()  # the watching connection
        self._seen: int | None = None  # data_version when the profiles were last brought up
        self._versions: dict[str, tuple] = {}
        self._profiles: dict[str, StoryProfile] = {}
        self._order: list[str] = []
        self._generation = 0  # bumped whenever the profiles change
        self._indexes: OrderedDict[Filters, StoryIndex] = OrderedDict()
        self._groupings: OrderedDict[StoryQuery, list[Story]] = OrderedDict()
        self._whole: tuple[int, StoryIndex] | None = None  # (generation, whole-store index)
        self._building = False

    def close(self) -> None:
        if self._watch is not None:
            with self._watch_lock:
                self._watch.close()

    # ------------------------------------------------------------ reading the store

    def _data_version(self) -> int | None:
        if self._watch is None:
            return None
        with self._watch_lock:
            return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def _refresh(self) -> None:
        """Bring the profiles up to date with the store (the lock held)."""
        from spinscope.stories.profile import load_profiles, profile_of

        if self._watch is None:
            profiles = load_profiles(self._store.iter_analyses())
            self._profiles = {p.id: p for p in profiles}
            self._order = [p.id for p in profiles]
            self._changed()
            return
        version = self._data_version()
        if version == self._seen:
            return
        with self._watch_lock:
            rows = self._watch.execute(_VERSIONS).fetchall()
        changed = False
        profiles: dict[str, StoryProfile] = {}
        versions: dict[str, tuple] = {}
        for article_id, *stored in rows:
            key = tuple(stored)
            if self._versions.get(article_id) == key:
                profiles[article_id] = self._profiles[article_id]
            else:
                analysis = self._store.get(article_id)
                if analysis is None:  # deleted since the list was read
                    continue
                profiles[article_id] = profile_of(analysis)
                changed = True
            versions[article_id] = key
        order = [article_id for article_id, *_ in rows if article_id in profiles]
        if changed or order != self._order:
            self._profiles, self._versions, self._order = profiles, versions, order
            self._changed()
        self._seen = version

    def _changed(self) -> None:
        self._generation += 1
        self._indexes.clear()
        self._groupings.clear()

    def _index(self, filters: Filters) -> StoryIndex:
        """The index of the profiles passing ``filters`` (the lock held)."""
        from spinscope.stories.index import StoryIndex

        index = self._indexes.get(filters)
        if index is None:
            chosen = [self._profiles[i] for i in self._order]
            index = StoryIndex([p for p in chosen if passes(p, filters)])
        _remember(self._indexes, filters, index)
        if filters == EVERYTHING:
            self._whole = (self._generation, index)
        return index

    # ------------------------------------------------------------------ answers

    def index(self, filters: Filters = EVERYTHING) -> StoryIndex:
        """The current index of the stored articles passing ``filters``."""
        with self._lock:
            self._refresh()
            return self._index(filters)

    def stories(self, query: StoryQuery) -> tuple[StoryIndex, list[Story]]:
        """The current index for the query's filters and its stories, largest first."""
        from spinscope.stories.grouping import group_stories
        from spinscope.stories.settings import DEFAULT_NEIGHBOURS

        with self._lock:
            self._refresh()
            index = self._index(query.filters)
            found = self._groupings.get(query)
            if found is None:
                found = group_stories(
                    index,
                    query.threshold,
                    DEFAULT_NEIGHBOURS,
                    query.min_articles,
                    lang=query.lang,
                    days=query.days,
                    min_outlets=query.min_outlets,
                )
            _remember(self._groupings, query, found)
            return index, found

    def related_now(
        self, article_id: str, limit: int, min_score: float
    ) -> tuple[StoryProfile, list[Related]] | None:
        """The article's related articles from the latest whole-store index, without
        waiting; None while that index is being built or lacks the article. An index that
        lags the store is rebuilt in the background for the next view."""
        whole = self._whole
        if whole is None or whole[0] != self._generation or self._data_version() != self._seen:
            self._build_in_background()
        if whole is None or article_id not in whole[1].position:
            return None
        index = whole[1]
        return index.profiles[index.position[article_id]], index.related(
            article_id, limit, min_score
        )

    def related_to_new(
        self, profile: StoryProfile, limit: int, min_score: float
    ) -> list[Related] | None:
        """The stored articles most alike an article that is not stored (the analyse page's),
        from the latest whole-store index, without waiting; None while it is being built."""
        from spinscope.stories.index import related_to

        whole = self._whole
        if whole is None or whole[0] != self._generation or self._data_version() != self._seen:
            self._build_in_background()
        if whole is None:
            return None
        return related_to(whole[1].profiles, profile, limit, min_score)

    def _build_in_background(self) -> None:
        with self._watch_lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._build_whole, name="spinscope-stories", daemon=True).start()

    def _build_whole(self) -> None:
        try:
            self.index(EVERYTHING)
        except Exception:  # a store closed at shutdown, a broken document: the page says so
            log.exception("could not build the stories index")
        finally:
            with self._watch_lock:
                self._building = False
