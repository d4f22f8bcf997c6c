"""Stories and related articles for the API and the pages: requests, documents, one truth.

The documents are the CLI's (``spinscope.stories.documents``), so ``spinscope stories
--json``, ``/api/stories`` and ``/stories.json`` show one story the same way; the web adds
what a page needs around them (filters, pages of stories, links to the next page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from spinscope.article import Analysis
from spinscope.store import Filters
from spinscope.stories.settings import DEFAULT_DAYS, DEFAULT_THRESHOLD
from spinscope.web import labels
from spinscope.web.errors import ApiError
from spinscope.web.query import (
    MAX_LIMIT,
    MAX_OFFSET,
    float_param,
    int_param,
    parse_filters,
    url_with,
)
from spinscope.web.story_cache import StoryCache, StoryQuery

STORY_FILTERS = ("language", "source", "date_from", "date_to", "genre")
STORY_PARAMS = frozenset(
    {
        *STORY_FILTERS,
        "threshold",
        "min_articles",
        "min_outlets",
        "days",
        "limit",
        "offset",
        "format",
        "lang",
    }
)
RELATED_PARAMS = frozenset({"limit", "min_score"})
MIN_THRESHOLD = 0.05  # the CLI's bounds: below, everything joins one story
MAX_MIN_ARTICLES = 10_000
MAX_DAYS = 36_500  # a century: beyond, say 0 (no limit)
RELATED_LIMIT = 10  # the CLI's defaults for ``spinscope related``
RELATED_MIN_SCORE = 0.2


def _known_only(params: QueryParams, known: frozenset[str], what: str) -> None:
    """400 for a parameter these requests do not take, or one given twice: a typo (or
    ``technique=``, which stories cannot filter on) must not silently show everything."""
    unknown = set(params.keys()) - known
    if unknown:
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown parameter(s) {', '.join(sorted(unknown))}; "
            f"{what} take {', '.join(sorted(known - {'format'}))}",
        )
    for name in params:
        if len(params.getlist(name)) > 1:
            raise ApiError(400, "bad_parameter", f"{name} given more than once")


@dataclass(frozen=True)
class StoriesRequest:
    """A validated stories request: what groups them, and which page of them."""

    query: StoryQuery
    limit: int
    offset: int
    limit_given: bool = False
    lang_given: bool = False

    def params(self) -> dict[str, str]:
        """The query-string parameters that reproduce this request (defaults left out)."""
        values = dict(self.query.filters.active())
        if self.query.threshold != DEFAULT_THRESHOLD:
            values["threshold"] = f"{self.query.threshold:g}"
        if self.query.min_articles != 2:
            values["min_articles"] = str(self.query.min_articles)
        if self.query.min_outlets != 1:
            values["min_outlets"] = str(self.query.min_outlets)
        if self.query.days != DEFAULT_DAYS:
            values["days"] = str(self.query.days or 0)
        if self.lang_given and self.query.lang:
            values["lang"] = self.query.lang
        if self.limit_given:
            values["limit"] = str(self.limit)
        if self.offset:
            values["offset"] = str(self.offset)
        return values


def parse_stories(params: QueryParams, default_limit: int, lang: str) -> StoriesRequest:
    """A validated ``StoriesRequest`` from a query string; anything wrong is a 400.

    ``lang`` (the caller read ``?lang=``) spells the shared names as articles in that
    language write them, as ``spinscope stories --lang`` does."""
    _known_only(params, STORY_PARAMS, "stories")
    filters = parse_filters(params, STORY_PARAMS)
    if filters.genre and filters.genre not in labels.genre_ids():
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown genre {filters.genre!r}; known: {', '.join(labels.genre_ids())}",
        )
    query = StoryQuery(
        filters=filters,
        threshold=float_param(params, "threshold", DEFAULT_THRESHOLD, MIN_THRESHOLD, 1.0),
        min_articles=int_param(params, "min_articles", 2, 2, MAX_MIN_ARTICLES),
        min_outlets=int_param(params, "min_outlets", 1, 1, MAX_MIN_ARTICLES),
        lang=lang,
        days=int_param(params, "days", DEFAULT_DAYS, 0, MAX_DAYS) or None,
    )
    return StoriesRequest(
        query=query,
        limit=int_param(params, "limit", default_limit, 1, MAX_LIMIT),
        offset=int_param(params, "offset", 0, 0, MAX_OFFSET),
        limit_given=params.get("limit") not in (None, ""),
        lang_given=params.get("lang") not in (None, ""),
    )


def stories_document(cache: StoryCache, request: StoriesRequest, path: str) -> dict[str, Any]:
    """One page of stories, largest first, with the links to the pages around it."""
    from spinscope.stories.documents import story_document

    index, found = cache.stories(request.query)
    params = request.params()
    following = request.offset + request.limit
    previous = max(0, request.offset - request.limit) or None
    return {
        "articles": len(index),
        "filters": request.query.filters.active(),
        "threshold": request.query.threshold,
        "min_articles": request.query.min_articles,
        "min_outlets": request.query.min_outlets,
        "days": request.query.days or 0,
        "total": len(found),
        "limit": request.limit,
        "offset": request.offset,
        "next": url_with(path, params, offset=following) if following < len(found) else None,
        "previous": url_with(path, params, offset=previous) if request.offset else None,
        "stories": [story_document(s) for s in found[request.offset : following]],
    }


def parse_related(params: QueryParams) -> tuple[int, float]:
    """``limit`` and ``min_score`` of a related-articles request; anything wrong is a 400."""
    _known_only(params, RELATED_PARAMS, "related articles")
    return (
        int_param(params, "limit", RELATED_LIMIT, 1, MAX_LIMIT),
        float_param(params, "min_score", RELATED_MIN_SCORE, 0.0, 1.0),
    )


def related_document(
    cache: StoryCache, article_id: str, limit: int, min_score: float
) -> dict[str, Any]:
    """The stored articles most alike one (its full id), as ``spinscope related --json``."""
    from spinscope.stories import documents

    index = cache.index(Filters())
    if article_id not in index.position:  # deleted since its id was resolved
        raise ApiError(404, "not_found", f"no stored article with id {article_id!r}")
    me = index.profiles[index.position[article_id]]
    return documents.related_document(me, index.related(article_id, limit, min_score))


def related_panel(cache: StoryCache, article_id: str, limit: int) -> dict[str, Any]:
    """What the article view's panel shows, never waiting for the index to be built:
    ``pending`` while it is, else the related articles (``related_document``'s)."""
    from spinscope.stories import documents

    found = cache.related_now(article_id, limit, RELATED_MIN_SCORE)
    if found is None:
        return {"pending": True, "related": []}
    return {"pending": False, **documents.related_document(*found)}


def analysed_panel(cache: StoryCache, analysis: Analysis, limit: int) -> dict[str, Any]:
    """The panel for an article analysed and not stored (the analyse page): the stored
    articles telling its story, compared as ``spinscope related FILE`` does."""
    from spinscope.stories import documents
    from spinscope.stories.profile import profile_of

    profile = profile_of(analysis)
    found = cache.related_to_new(profile, limit, RELATED_MIN_SCORE)
    if found is None:
        return {"pending": True, "related": []}
    return {"pending": False, **documents.related_document(profile, found, stored=False)}
