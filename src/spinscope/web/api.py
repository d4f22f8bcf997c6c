"""The JSON API under ``/api``: everything the pages do, for scripts and notebooks."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from spinscope import __version__
from spinscope.article import Analysis
from spinscope.web import corpus, labels
from spinscope.web.analyse import AnalyseRequest, build_article, run_analysis
from spinscope.web.deps import require_write, settings_of, store_of, write_status
from spinscope.web.errors import ApiError
from spinscope.web.export import csv_lines, jsonl_lines
from spinscope.web.query import parse_filters, parse_search

router = APIRouter(prefix="/api")

FILTER_DOC = (
    "Filters (all optional, combined with AND): language, source, date_from, date_to "
    "(ISO dates, inclusive prefixes such as 2020-11), technique, category, genre, frame."
)


def _filter_params(
    language: str | None = None,
    source: str | None = None,
    date_from: str | None = Query(None, description="ISO date, e.g. 2020-11 or 2020-11-14"),
    date_to: str | None = Query(None, description="ISO date, inclusive"),
    technique: str | None = Query(None, description="official technique name, e.g. Doubt"),
    category: str | None = Query(None, description="category id, e.g. attack_on_reputation"),
    genre: str | None = None,
    frame: str | None = None,
) -> None:
    """Declares the filters in the OpenAPI document; parsing is ``query.parse_filters``."""


FilterDoc = Annotated[None, Depends(_filter_params)]


@router.get("/health", tags=["server"], summary="Server and store status")
def health(request: Request) -> dict[str, Any]:
    settings = settings_of(request)
    return {
        "status": "ok",
        "version": __version__,
        "articles": store_of(request).count(),
        "writes": write_status(settings),
        "analyse_stages": list(settings.analyse_stages)
        if settings.analyse_stages is not None
        else "all",
    }


@router.get("/taxonomy", tags=["server"], summary="Techniques, categories, frames and genres")
def taxonomy() -> dict[str, Any]:
    return labels.taxonomy_document()


def _analyse(request: Request, body: AnalyseRequest) -> Analysis:
    settings = settings_of(request)
    if body.kind == "url":
        if not settings.allow_url_fetch:
            raise ApiError(403, "fetch_disabled", "this server does not fetch URLs")
        require_write(
            request,
            request.headers.get("authorization"),
            request.headers.get("x-spinscope-token"),
        )
    article = build_article(body, settings.max_body_bytes)
    stages = body.stages if body.stages is not None else settings.analyse_stages
    return run_analysis(article, stages)


@router.post(
    "/analyse",
    tags=["analysis"],
    summary="Analyse text, HTML or a URL without storing it",
    response_description="the full analysis (see docs/analysis.schema.json)",
)
async def analyse(request: Request, body: AnalyseRequest) -> dict[str, Any]:
    analysis = await run_in_threadpool(_analyse, request, body)
    return analysis.model_dump(mode="json")


@router.post(
    "/articles",
    tags=["articles"],
    summary="Analyse and store one article (ingest)",
    status_code=201,
    dependencies=[Depends(require_write)],
    responses={
        200: {
            "description": "already stored: analysed again; what the stages this server "
            "did not run had found is kept"
        }
    },
)
async def ingest(request: Request, body: AnalyseRequest, response: Response) -> dict[str, Any]:
    from spinscope.stage_results import carry_stored_stages

    analysis = await run_in_threadpool(_analyse, request, body)
    # an article stored before keeps what the stages this server did not run found
    return _store(request, carry_stored_stages(store_of(request), analysis), response)


@router.post(
    "/analyses",
    tags=["articles"],
    summary="Store an analysis produced elsewhere (e.g. `spinscope analyse --json`)",
    status_code=201,
    dependencies=[Depends(require_write)],
    responses={200: {"description": "already stored: analysis replaced"}},
)
def store_analysis(request: Request, analysis: Analysis, response: Response) -> dict[str, Any]:
    return _store(request, analysis, response)


def _store(request: Request, analysis: Analysis, response: Response) -> dict[str, Any]:
    from spinscope.persuasion.corpus_genre import put_with_corpus_genre  # loads the models

    created, analysis = put_with_corpus_genre(store_of(request), analysis)
    request.app.state.titles.clear()
    response.status_code = 201 if created else 200
    article_id = analysis.article.id
    return {
        "id": article_id,
        "created": created,
        "url": f"/articles/{article_id}",
        "analysis": analysis.model_dump(mode="json"),
    }


@router.get("/articles", tags=["articles"], summary="List and search articles, with facets")
def list_articles(
    request: Request,
    _filters: FilterDoc,
    q: str | None = Query(None, description='full-text query: words, "phrases", word*, OR, -word'),
    limit: int = Query(20, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    search = parse_search(request.query_params, settings_of(request).page_size)
    page = corpus.run_search(store_of(request), search)
    return corpus.search_document(page, search, "/api/articles")


@router.get("/articles/{article_id}", tags=["articles"], summary="One article with its analysis")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    return corpus.get_analysis(store_of(request), article_id).model_dump(mode="json")


@router.delete(
    "/articles/{article_id}",
    tags=["articles"],
    summary="Delete a stored article",
    dependencies=[Depends(require_write)],
)
def delete_article(request: Request, article_id: str) -> dict[str, Any]:
    store = store_of(request)
    full = corpus.get_analysis(store, article_id).article.id
    store.delete(full)
    request.app.state.titles.clear()
    return {"id": full, "deleted": True}


@router.get("/stats", tags=["corpus"], summary="Technique and category rates per group")
def stats(
    request: Request,
    _filters: FilterDoc,
    by: Literal["source", "language", "month"] = Query("source"),
) -> dict[str, Any]:
    filters = parse_filters(request.query_params, {"by"})
    document = corpus.stats_document(store_of(request), by, filters)
    document["overall"] = {
        "technique_rates": corpus.overall_rates(document["groups"], "technique_rates"),
        "category_rates": corpus.overall_rates(document["groups"], "category_rates"),
    }
    return document


@router.get("/phrases", tags=["corpus"], summary="Most frequent phrases of one technique")
def phrases(
    request: Request,
    _filters: FilterDoc,
    technique: str = Query(..., description="official technique name"),
    limit: int = Query(20, ge=1, le=200),
) -> dict[str, Any]:
    filters = replace(parse_filters(request.query_params, {"limit"}), technique=None)
    if not labels.is_technique(technique):
        raise ApiError(400, "bad_parameter", f"unknown technique {technique!r}")
    rows = store_of(request).top_phrases(technique, limit, filters)
    return {
        "technique": technique,
        "filters": filters.active(),
        "phrases": [{"phrase": p, "count": n} for p, n in rows],
    }


@router.get(
    "/places.geojson",
    tags=["corpus"],
    summary="Places mentioned, as GeoJSON points with the articles mentioning them",
)
def places(request: Request, _filters: FilterDoc) -> JSONResponse:
    filters = parse_filters(request.query_params)
    document = corpus.places_geojson(store_of(request), filters, request.app.state.titles)
    return JSONResponse(document, media_type="application/geo+json")


@router.get(
    "/export",
    tags=["corpus"],
    summary="Export every article matching a query as JSONL or CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}, "text/csv": {}}}},
)
def export(
    request: Request,
    _filters: FilterDoc,
    format: Literal["jsonl", "csv"] = Query("jsonl"),
    per: Literal["article", "finding"] = Query(
        "article", description="CSV: one row per article or per technique finding"
    ),
    q: str | None = Query(None, description="full-text query"),
) -> StreamingResponse:
    search = parse_search(request.query_params, 1, {"per"})
    return export_response(request, search.query, search.filters, format, per)


def export_response(request: Request, query, filters, format: str, per: str) -> StreamingResponse:
    """Stream the export; the query is checked first so a bad one is a 400, not a cut stream."""
    corpus.check_query(query)
    analyses = store_of(request).iter_analyses(query, filters)
    if format == "csv":
        body, media, suffix = csv_lines(analyses, per), "text/csv; charset=utf-8", "csv"
    else:
        body, media, suffix = jsonl_lines(analyses), "application/x-ndjson", "jsonl"
    name = f"spinscope-export.{suffix}"
    return StreamingResponse(
        body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'}
    )
