"""``/api/stories`` and ``/api/articles/{id}/related``: the CLI's ``stories`` and ``related``.

Their parameters are read by ``web.stories`` (every bad value a 400, as the search's are),
so they are declared to OpenAPI here as documentation only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from spinscope.display_words import LANGUAGES
from spinscope.stories.settings import DEFAULT_DAYS, DEFAULT_THRESHOLD
from spinscope.web import labels, stories
from spinscope.web.corpus import resolve_id
from spinscope.web.deps import settings_of, store_of
from spinscope.web.query import MAX_LIMIT
from spinscope.web.ui_language import requested

router = APIRouter(prefix="/api")


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


_LIMIT = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}
STORIES_PARAMS = [
    _param("language", {"type": "string"}, "ISO 639-1 code, e.g. fr"),
    _param("source", {"type": "string"}, "outlet name"),
    _param("date_from", {"type": "string"}, "ISO date, e.g. 2020-11 or 2020-11-14"),
    _param("date_to", {"type": "string"}, "ISO date, inclusive"),
    _param("genre", {"type": "string", "enum": labels.genre_ids()}, "genre"),
    _param(
        "threshold",
        {
            "type": "number",
            "minimum": stories.MIN_THRESHOLD,
            "maximum": 1,
            "default": DEFAULT_THRESHOLD,
        },
        "score two articles need to tell one story (higher: tighter stories)",
    ),
    _param(
        "min_articles",
        {"type": "integer", "minimum": 2, "maximum": stories.MAX_MIN_ARTICLES, "default": 2},
        "smallest story listed",
    ),
    _param(
        "min_outlets",
        {"type": "integer", "minimum": 1, "maximum": stories.MAX_MIN_ARTICLES, "default": 1},
        "only stories told by at least this many outlets",
    ),
    _param(
        "days",
        {"type": "integer", "minimum": 0, "maximum": stories.MAX_DAYS, "default": DEFAULT_DAYS},
        "dated articles further apart are never in one story (0: no limit)",
    ),
    _param(
        "lang",
        {"type": "string", "enum": list(LANGUAGES), "default": "en"},
        "shared names spelt as articles in this language write them, where one does",
    ),
    _param("limit", {**_LIMIT, "default": 20}, "stories per page"),
    _param("offset", {"type": "integer", "minimum": 0, "default": 0}, "stories skipped"),
]
RELATED_PARAMS = [
    _param("limit", {**_LIMIT, "default": stories.RELATED_LIMIT}, "articles listed at most"),
    _param(
        "min_score",
        {"type": "number", "minimum": 0, "maximum": 1, "default": stories.RELATED_MIN_SCORE},
        "leave out articles scoring less",
    ),
]


@router.get(
    "/articles/{article_id}/related",
    tags=["corpus"],
    summary="Stored articles most alike one: the same story in other outlets and languages",
    description="Each comes with its score (shared rare names and close wording, 0 to 1) and "
    "the names both articles give; the same document as `spinscope related ID --json`.",
    openapi_extra={"parameters": RELATED_PARAMS},
)
def related(request: Request, article_id: str) -> dict[str, Any]:
    limit, min_score = stories.parse_related(request.query_params)
    full = resolve_id(store_of(request), article_id)
    return stories.related_document(request.app.state.stories, full, limit, min_score)


@router.get(
    "/stories",
    tags=["corpus"],
    summary="Stories: articles telling the same news, compared outlet by outlet",
    description="Stored articles grouped into stories, largest first: each with its "
    "articles, the names they share and, per outlet, the share of paragraphs flagged "
    "with each technique; the stories of `spinscope stories --json`, a page at a time.",
    openapi_extra={"parameters": STORIES_PARAMS},
)
def list_stories(request: Request) -> dict[str, Any]:
    lang = requested(request) or "en"  # the API speaks English unless asked
    wanted = stories.parse_stories(request.query_params, settings_of(request).page_size, lang)
    return stories.stories_document(request.app.state.stories, wanted, "/api/stories")
