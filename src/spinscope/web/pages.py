"""HTML pages, each with a JSON twin (``/articles/ID`` and ``/articles/ID.json``).

Pages are thin: they call the same functions as the API (``corpus``) and
render a template. Every state a page can be in is in its URL, so any view
can be bookmarked and shared.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from spinscope.persuasion.genre_caveat import short_for_genre
from spinscope.reanalysis import outdated_in
from spinscope.web import corpus, labels, stories
from spinscope.web.analyse import AnalyseRequest, build_article, run_analysis
from spinscope.web.deps import settings_of, store_of, write_status
from spinscope.web.errors import ApiError
from spinscope.web.highlight import build_view
from spinscope.web.query import parse_filters, parse_search, url_with
from spinscope.web.render import render
from spinscope.web.security import check_write
from spinscope.web.ui_language import PARAM as LANG_PARAM
from spinscope.web.ui_language import page_language

router = APIRouter(include_in_schema=False)

FACET_ORDER = ("language", "source", "category", "technique", "genre", "frame")
DASHBOARD_OUTLETS = 8
DASHBOARD_TECHNIQUES = 6
UPLOAD_SUFFIXES_HTML = (".html", ".htm", ".xhtml")
RELATED_SHOWN = 8  # related articles in the article view's panel


def _wants_json(request: Request, suffix: bool) -> bool:
    return suffix or request.query_params.get("format") == "json"


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/articles", status_code=307)


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    return RedirectResponse("/static/favicon.svg", status_code=301)


# ------------------------------------------------------------------ search


def _articles(request: Request, as_json: bool) -> Response:
    search = parse_search(request.query_params, settings_of(request).page_size, {LANG_PARAM})
    page = corpus.run_search(store_of(request), search)
    document = corpus.search_document(page, search, "/articles")
    if as_json:
        return JSONResponse(document)
    params = search.params()
    pages = max(1, -(-page.total // search.limit))
    return render(
        request,
        "articles.html",
        {
            "search": search,
            "page": page,
            "params": params,
            "document": document,
            "facet_order": FACET_ORDER,
            "page_number": search.offset // search.limit + 1,
            "pages": pages,
            "json_url": url_with("/articles.json", params),
        },
    )


@router.get("/articles")
def articles(request: Request) -> Response:
    return _articles(request, _wants_json(request, False))


@router.get("/articles.json")
def articles_json(request: Request) -> Response:
    return _articles(request, True)


# ----------------------------------------------------------------- article


def _only_category(request: Request) -> str | None:
    only = request.query_params.get("only") or None
    if only is not None and not labels.is_category(only):
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown category {only!r}; known: {', '.join(labels.category_ids())}",
        )
    return only


def _reader_context(request: Request, analysis, only: str | None) -> dict[str, Any]:
    lang = page_language(request, analysis.article.language)
    view = build_view(analysis, only, lang)
    return {
        "analysis": analysis,
        "article": analysis.article,
        "view": view,
        "lang": lang,
        "short_for_genre": short_for_genre(analysis.article),
        "related_panel": None,  # a stored article's view fills it
        "outdated_stages": [],  # a stored article's view fills it
    }


@router.get("/articles/{ref}")
def article(request: Request, ref: str) -> Response:
    as_json = ref.endswith(".json")
    if as_json:
        ref = ref[: -len(".json")]
    analysis = corpus.get_analysis(store_of(request), ref)
    if _wants_json(request, as_json):
        return JSONResponse(analysis.model_dump(mode="json"))
    if ref != analysis.article.id:  # a prefix: send the canonical, bookmarkable URL
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/articles/{analysis.article.id}{query}", status_code=301)
    only = _only_category(request)
    context = _reader_context(request, analysis, only)
    context.update(
        stored=True,
        base_url=f"/articles/{analysis.article.id}",
        json_url=f"/articles/{analysis.article.id}.json",
        related_panel=stories.related_panel(
            request.app.state.stories, analysis.article.id, RELATED_SHOWN
        ),
        outdated_stages=outdated_in(analysis),
    )
    return render(request, "article.html", context)


# ----------------------------------------------------------------- analyse


def _analyse_form_context(request: Request, **extra: Any) -> dict[str, Any]:
    settings = settings_of(request)
    context = {
        "writes": write_status(settings),
        "stages": settings.analyse_stages,
        "form": {},
        "error": None,
        "json_url": None,
    }
    context.update(extra)
    return context


@router.get("/analyse")
def analyse_form(request: Request) -> Response:
    return render(request, "analyse.html", _analyse_form_context(request))


async def _read_form(request: Request) -> tuple[dict[str, str], bool]:
    """Form fields (an uploaded file becomes ``text`` or ``html``) and the store checkbox."""
    from spinscope.ingest.decode import decode_text

    limit = settings_of(request).max_body_bytes
    form = await request.form(max_files=1, max_fields=20, max_part_size=limit)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        data = await upload.read()
        try:
            text = decode_text(data)
        except Exception as exc:  # the decoder explains what it could not read
            raise ApiError(422, "unreadable_input", f"{upload.filename}: {exc}") from None
        name = upload.filename.lower()
        fields["html" if name.endswith(UPLOAD_SUFFIXES_HTML) else "text"] = text
        fields.pop("text" if name.endswith(UPLOAD_SUFFIXES_HTML) else "html", None)
    return fields, fields.pop("store", "") in ("1", "on", "true", "yes")


@router.post("/analyse")
async def analyse_submit(request: Request) -> Response:
    fields, store_it = await _read_form(request)
    token = fields.pop("token", "") or None
    as_json = _wants_json(request, False)
    values = {
        k: fields.get(k, "").strip() or None
        for k in ("text", "html", "url", "title", "source", "published", "language")
    }
    if values["text"] is not None:
        values["text"] = fields["text"]  # keep the line structure exactly
    try:
        body = AnalyseRequest(**values)
    except ValidationError as exc:
        message = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        if as_json:
            raise ApiError(422, "invalid_request", message) from None
        context = _analyse_form_context(request, form=fields, error=message)
        return render(request, "analyse.html", context, status=422)
    settings = settings_of(request)
    if store_it or body.kind == "url":
        try:
            check_write(settings, token)
        except ApiError as exc:
            if as_json:
                raise
            context = _analyse_form_context(request, form=fields, error=exc.message)
            return render(request, "analyse.html", context, status=exc.status)
    try:
        article = await run_in_threadpool(build_article, body, settings.max_body_bytes)
        analysis = await run_in_threadpool(run_analysis, article, settings.analyse_stages)
    except ApiError as exc:
        if as_json:
            raise
        context = _analyse_form_context(request, form=fields, error=exc.message)
        return render(request, "analyse.html", context, status=exc.status)
    if store_it:
        from spinscope.persuasion.corpus_genre import put_with_corpus_genre  # loads the models
        from spinscope.stage_results import carry_stored_stages

        put_with_corpus_genre(store_of(request), carry_stored_stages(store_of(request), analysis))
        request.app.state.titles.clear()
        if not as_json:
            return RedirectResponse(f"/articles/{analysis.article.id}", status_code=303)
    if as_json:
        return JSONResponse(analysis.model_dump(mode="json"))
    context = _analyse_form_context(request, form=fields)
    related = await run_in_threadpool(
        stories.analysed_panel, request.app.state.stories, analysis, RELATED_SHOWN
    )
    context.update(
        _reader_context(request, analysis, None),
        stored=False,
        base_url=None,
        related_panel=related,
    )
    return render(request, "analyse.html", context)


# --------------------------------------------------------------- dashboard


def _dashboard_document(request: Request) -> dict[str, Any]:
    store = store_of(request)
    filters = parse_filters(request.query_params, {"phrases_for", LANG_PARAM})
    by_source = corpus.stats_document(store, "source", filters)["groups"]
    by_month = corpus.stats_document(store, "month", filters)["groups"]
    by_language = corpus.stats_document(store, "language", filters)["groups"]
    overall_techniques = corpus.overall_rates(by_source, "technique_rates")
    chosen = request.query_params.get("phrases_for")
    if chosen and not labels.is_technique(chosen):
        raise ApiError(400, "bad_parameter", f"unknown technique {chosen!r}")
    techniques = [chosen] if chosen else list(overall_techniques)[:DASHBOARD_TECHNIQUES]
    return {
        "filters": filters.active(),
        "articles": sum(g["articles"] for g in by_source),
        "paragraphs": sum(g["paragraphs"] for g in by_source),
        "overall": {
            "technique_rates": overall_techniques,
            "category_rates": corpus.overall_rates(by_source, "category_rates"),
        },
        "by_source": by_source,
        "by_month": [g for g in by_month if g["group"] is not None],
        "by_language": by_language,
        "top_phrases": {
            t: [{"phrase": p, "count": n} for p, n in store.top_phrases(t, 10, filters)]
            for t in techniques
        },
    }


def _dashboard(request: Request, as_json: bool) -> Response:
    from spinscope.web import charts

    document = _dashboard_document(request)
    if as_json:
        return JSONResponse(document)
    params = {k: v for k, v in request.query_params.items() if v and k != LANG_PARAM}
    lang = page_language(request)
    # Groups without any technique rate had no technique analysis: not drawn as zeros.
    analysed_outlets = [g for g in document["by_source"] if g["technique_rates"]]
    analysed_months = [g for g in document["by_month"] if g["technique_rates"]]
    outlets = analysed_outlets[:DASHBOARD_OUTLETS]
    return render(
        request,
        "dashboard.html",
        {
            "doc": document,
            "params": params,
            "category_bars": charts.category_bars(outlets, lang),
            "heatmap": charts.technique_heatmap(outlets, lang),
            "timeline": charts.category_timeline(analysed_months, lang),
            "unanalysed_outlets": len(document["by_source"]) - len(analysed_outlets),
            "unanalysed_months": len(document["by_month"]) - len(analysed_months),
            "json_url": url_with("/dashboard.json", params),
            "lang": lang,
        },
    )


@router.get("/dashboard")
def dashboard(request: Request) -> Response:
    return _dashboard(request, _wants_json(request, False))


@router.get("/dashboard.json")
def dashboard_json(request: Request) -> Response:
    return _dashboard(request, True)


# --------------------------------------------------------------------- map


def _map(request: Request, as_json: bool) -> Response:
    filters = parse_filters(request.query_params, {LANG_PARAM})
    document = corpus.places_geojson(store_of(request), filters, request.app.state.titles)
    if as_json:
        return JSONResponse(document, media_type="application/geo+json")
    params = filters.active()
    return render(
        request,
        "map.html",
        {
            "geojson": document,
            "params": params,
            "geojson_url": url_with("/api/places.geojson", params),
            "json_url": url_with("/map.json", params),
        },
    )


@router.get("/map")
def map_page(request: Request) -> Response:
    return _map(request, _wants_json(request, False))


@router.get("/map.json")
def map_json(request: Request) -> Response:
    return _map(request, True)


# ---------------------------------------------------------------- taxonomy


@router.get("/taxonomy")
def taxonomy_page(request: Request) -> Response:
    """Every technique, category, frame and genre with its definition and example."""
    if _wants_json(request, False):
        return JSONResponse(labels.taxonomy_document())
    return render(request, "taxonomy.html", {"json_url": "/taxonomy.json"})


@router.get("/taxonomy.json")
def taxonomy_json() -> Response:
    return JSONResponse(labels.taxonomy_document())
