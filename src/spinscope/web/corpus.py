"""Read-side operations shared by the JSON API and the pages (one truth, two views)."""

from __future__ import annotations

from dataclasses import asdict
from threading import Lock
from typing import Any

from spinscope.article import Analysis
from spinscope.store import AmbiguousId, Filters, SearchPage, SQLiteStore
from spinscope.store.fts import fts_query
from spinscope.web.errors import ApiError
from spinscope.web.query import SearchRequest, url_with

STATS_GROUPINGS = ("source", "language", "month")


def get_analysis(store: SQLiteStore, ref: str) -> Analysis:
    """The stored analysis for an id (or unique prefix); a clear 404/400 otherwise."""
    analysis = store.get(resolve_id(store, ref))
    if analysis is None:  # deleted since its id was resolved
        raise ApiError(404, "not_found", f"no stored article with id {ref!r}")
    return analysis


def resolve_id(store: SQLiteStore, ref: str) -> str:
    """The full id of a stored article from its id or unique prefix; a clear 404/400
    otherwise (without loading its analysis)."""
    if not ref or len(ref) > 64:
        raise ApiError(404, "not_found", f"no stored article with id {ref[:64]!r}")
    try:
        found = store.resolve_id(ref)
    except AmbiguousId as exc:
        raise ApiError(400, "ambiguous_id", str(exc)) from None
    if found is None:
        raise ApiError(404, "not_found", f"no stored article with id {ref!r}")
    return found


def check_query(query: str | None) -> None:
    """400 for a full-text query that cannot mean anything (unbalanced quote, …)."""
    if query:
        try:
            fts_query(query)
        except ValueError as exc:
            raise ApiError(400, "bad_query", str(exc)) from None


def run_search(store: SQLiteStore, request: SearchRequest) -> SearchPage:
    try:
        return store.search(request.query, request.filters, request.limit, request.offset)
    except ValueError as exc:
        raise ApiError(400, "bad_query", str(exc)) from None


def search_document(page: SearchPage, request: SearchRequest, path: str) -> dict[str, Any]:
    """A search page as JSON, with links to the previous and next pages."""
    params = request.params()
    following = request.offset + request.limit
    return {
        "query": request.query,
        "filters": request.filters.active(),
        "total": page.total,
        "limit": request.limit,
        "offset": request.offset,
        "next": url_with(path, params, offset=following) if following < page.total else None,
        "previous": (
            url_with(path, params, offset=max(0, request.offset - request.limit) or None)
            if request.offset
            else None
        ),
        "items": [asdict(item) for item in page.items],
        "facets": page.facets,
    }


def stats_document(store: SQLiteStore, by: str, filters: Filters) -> dict[str, Any]:
    if by not in STATS_GROUPINGS:
        raise ApiError(
            400, "bad_parameter", f"by must be one of {', '.join(STATS_GROUPINGS)}, got {by!r}"
        )
    groups = store.stats(by, filters)  # type: ignore[arg-type]
    return {"by": by, "filters": filters.active(), "groups": [asdict(g) for g in groups]}


def overall_rates(groups: list[dict[str, Any]], key: str) -> dict[str, float]:
    """Corpus-wide rates from per-group rates, weighted by each group's paragraphs."""
    weighted: dict[str, float] = {}
    total = 0
    for group in groups:
        paragraphs = group["paragraphs"] or 0
        total += paragraphs
        for name, rate in group[key].items():
            weighted[name] = weighted.get(name, 0.0) + rate * paragraphs
    if not total:
        return {}
    return dict(sorted(((k, v / total) for k, v in weighted.items()), key=lambda kv: -kv[1]))


class TitleCache:
    """Article titles by id for map popups, without reloading full analyses each time."""

    def __init__(self, size: int = 20_000) -> None:
        self._titles: dict[str, str] = {}
        self._size = size
        self._lock = Lock()

    def clear(self) -> None:
        with self._lock:
            self._titles.clear()

    def title(self, store: SQLiteStore, article_id: str) -> str:
        with self._lock:
            if article_id in self._titles:
                return self._titles[article_id]
        analysis = store.get(article_id)
        title = (analysis.article.title or article_id) if analysis else article_id
        with self._lock:
            if len(self._titles) >= self._size:
                self._titles.clear()
            self._titles[article_id] = title
        return title


def places_geojson(
    store: SQLiteStore, filters: Filters, titles: TitleCache, per_place: int = 10
) -> dict[str, Any]:
    """Resolved places as a GeoJSON FeatureCollection (lon, lat order, as GeoJSON wants)."""
    features = []
    for place in store.places(filters):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
                "properties": {
                    "name": place.name,
                    "country": place.country,
                    "precision_km": place.precision_km,
                    "articles": place.articles,
                    "article_ids": place.article_ids,
                    "sample": [
                        {"id": i, "title": titles.title(store, i), "url": f"/articles/{i}"}
                        for i in place.article_ids[:per_place]
                    ],
                },
            }
        )
    return {"type": "FeatureCollection", "filters": filters.active(), "features": features}
