"""Search requests as bookmarkable query strings: parse, validate, rebuild.

Every search and view state lives in the URL (``/articles?q=…&category=…``),
so an analyst can bookmark or share it; the page's links are built by
changing one parameter of the current query, never by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from spinscope.store import Filters
from spinscope.web import labels
from spinscope.web.errors import ApiError

FILTER_NAMES = (
    "language",
    "source",
    "date_from",
    "date_to",
    "technique",
    "category",
    "genre",
    "frame",
)
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000
PAGE_PARAMS = {"q", "limit", "offset", "format", "page", *FILTER_NAMES}


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: text query, filters, page."""

    query: str | None
    filters: Filters
    limit: int
    offset: int
    limit_given: bool = False

    def params(self) -> dict[str, str]:
        """The query-string parameters that reproduce this search (defaults left out)."""
        values: dict[str, str] = {}
        if self.query:
            values["q"] = self.query
        values.update(self.filters.active())
        if self.limit_given:
            values["limit"] = str(self.limit)
        if self.offset:
            values["offset"] = str(self.offset)
        return values


def int_param(params: QueryParams, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter between ``low`` and ``high``; a bad one is a 400."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "bad_parameter", f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(
            400, "bad_parameter", f"{name} must be between {low} and {high}, got {value}"
        )
    return value


def float_param(params: QueryParams, name: str, default: float, low: float, high: float) -> float:
    """A number parameter between ``low`` and ``high`` (``nan`` is neither); a bad one is a 400."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ApiError(400, "bad_parameter", f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise ApiError(
            400, "bad_parameter", f"{name} must be between {low} and {high}, got {raw!r}"
        )
    return value


def parse_filters(params: QueryParams, allowed_extra: set[str] | frozenset[str] = frozenset()):
    """Filters from a query string; unknown parameters and bad values are a 400.

    A typo such as ``?categry=call`` must not silently search everything.
    """
    unknown = set(params.keys()) - PAGE_PARAMS - set(allowed_extra)
    if unknown:
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown parameter(s) {', '.join(sorted(unknown))}; "
            f"filters are {', '.join(FILTER_NAMES)}",
        )
    values = {name: params.get(name) for name in FILTER_NAMES if params.get(name)}
    for name, value in values.items():
        if len(params.getlist(name)) > 1:
            raise ApiError(400, "bad_parameter", f"{name} given more than once")
        if len(value) > 200:
            raise ApiError(400, "bad_parameter", f"{name} is too long ({len(value)} characters)")
    technique = values.get("technique")
    if technique and not labels.is_technique(technique):
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown technique {technique!r}; known: {', '.join(labels.technique_ids())}",
        )
    category = values.get("category")
    if category and not labels.is_category(category):
        raise ApiError(
            400,
            "bad_parameter",
            f"unknown category {category!r}; known: {', '.join(labels.category_ids())}",
        )
    try:
        return Filters.from_mapping(values)
    except ValueError as exc:
        raise ApiError(400, "bad_parameter", str(exc)) from None


def parse_search(
    params: QueryParams, default_limit: int, allowed_extra: set[str] | frozenset[str] = frozenset()
) -> SearchRequest:
    """A validated ``SearchRequest`` from a query string (``page`` or ``offset``)."""
    filters = parse_filters(params, allowed_extra)
    query = (params.get("q") or "").strip() or None
    limit = int_param(params, "limit", default_limit, 1, MAX_LIMIT)
    if params.get("page") not in (None, ""):
        page = int_param(params, "page", 1, 1, MAX_OFFSET // limit)
        offset = (page - 1) * limit
    else:
        offset = int_param(params, "offset", 0, 0, MAX_OFFSET)
    return SearchRequest(
        query=query,
        filters=filters,
        limit=limit,
        offset=offset,
        limit_given=params.get("limit") not in (None, ""),
    )


def url_with(path: str, params: dict[str, str], **changes: str | int | None) -> str:
    """``path?params`` with some parameters changed (None removes one)."""
    merged = dict(params)
    for name, value in changes.items():
        if value is None or value == "":
            merged.pop(name, None)
        else:
            merged[name] = str(value)
    return f"{path}?{urlencode(merged)}" if merged else path
