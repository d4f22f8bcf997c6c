"""``create_app(settings)``: the FastAPI application behind ``spinscope serve``."""

from __future__ import annotations

import json
import os
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from spinscope import __version__
from spinscope.store import SQLiteStore, open_store
from spinscope.web import api, pages, stories_api, stories_pages
from spinscope.web.corpus import TitleCache
from spinscope.web.errors import install_error_handlers
from spinscope.web.render import make_environment, render
from spinscope.web.security import BodyLimit, SameOriginWrites, SecurityHeaders
from spinscope.web.settings import WebSettings
from spinscope.web.story_cache import StoryCache
from spinscope.web.ui_language import page_language

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """\
The JSON API of the spinscope workbench. Every page of the web interface has
a JSON twin (`/articles/ID.json`, `/articles.json?q=…`, `/dashboard.json`,
`/map.json`, `/stories.json`); the endpoints below are the same data for scripts.

Write endpoints (`POST /api/articles`, `POST /api/analyses`,
`DELETE /api/articles/ID`, and URL fetching) need `Authorization: Bearer TOKEN`
when the server was started with `--token`, and are closed when it listens on
anything but localhost without one. Errors are always
`{"error": {"status", "code", "message"}}`.
"""


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """The workbench over the store at ``settings.db`` (opened now, closed at shutdown)."""
    settings = settings or WebSettings()
    store = open_store(settings.db)
    _vectors_in_store(store)
    story_cache = StoryCache(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        story_cache.close()
        store.close()

    app = FastAPI(
        title="spinscope",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads scripts from a CDN: not here
        redoc_url=None,
        openapi_tags=[
            {"name": "analysis", "description": "Analyse without storing"},
            {"name": "articles", "description": "Stored articles: ingest, search, read, delete"},
            {"name": "corpus", "description": "Statistics, phrases, places and exports"},
            {"name": "server", "description": "Status and taxonomy"},
        ],
    )
    app.state.settings = settings
    app.state.store = store
    app.state.jinja = make_environment()
    app.state.titles = TitleCache()
    app.state.stories = story_cache

    def html_error(request: Request, status: int, message: str):
        lang = page_language(request, strict=False)  # a bad ?lang= is itself such an error
        return render(
            request, "error.html", {"status": status, "message": message, "lang": lang}, status
        )

    install_error_handlers(app, html_error)
    app.include_router(api.router)
    app.include_router(stories_api.router)
    app.include_router(pages.router)
    app.include_router(stories_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Outermost last: body limit first, then cross-site check, headers on everything.
    app.add_middleware(SameOriginWrites)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, settings=settings)
    return app


def _vectors_in_store(store: SQLiteStore) -> None:
    """Point the encoder's vector cache at the store file, as the CLI does: the analyse
    endpoints then cache what they embed beside the articles, and stories read the
    vectors ``spinscope ingest`` cached there (without them, articles match on names
    alone and the workbench's stories would differ from ``spinscope stories``)."""
    if store.vector_cache_path is None:
        return
    try:
        from spinscope.persuasion.encoder import VectorCache, set_default_cache
    except ImportError:  # the encoder's packages are not installed: nothing to point
        return
    set_default_cache(VectorCache(store.vector_cache_path))


def settings_from_env() -> WebSettings:
    """Settings from ``SPINSCOPE_WEB_SETTINGS`` (JSON), for ``uvicorn --factory`` workers."""
    raw = json.loads(os.environ.get("SPINSCOPE_WEB_SETTINGS", "{}"))
    if raw.get("analyse_stages") is not None:
        raw["analyse_stages"] = tuple(raw["analyse_stages"])
    return WebSettings(**raw)


def app_from_env() -> FastAPI:
    return create_app(settings_from_env())


def openapi_document() -> dict:
    """The OpenAPI document (what ``docs/openapi.json`` holds), built on a throwaway store."""
    return create_app(WebSettings(db=":memory:")).openapi()
