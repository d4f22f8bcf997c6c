"""What the store answers with: plain dataclasses, cheap to serialise as JSON.

The web API, the CLI and the exports all receive these same objects, so a
search looks the same in every place it is shown. Text in them is plain and
unescaped: escaping is the renderer's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any


class StoreError(RuntimeError):
    """The store cannot be opened or used (bad file, newer schema, …)."""


class UnsupportedStore(StoreError, NotImplementedError):
    """A store kind that is planned but not implemented yet (PostgreSQL)."""


class AmbiguousId(ValueError):
    """An id prefix that matches more than one stored article."""


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Filters:
    """Optional equality/range filters; ``None`` means "any".

    Dates are ISO prefixes (``2020``, ``2020-11``, ``2020-11-14``), both ends
    inclusive: ``date_to="2020-11"`` keeps every article of November 2020.
    """

    language: str | None = None
    source: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    technique: str | None = None
    category: str | None = None
    genre: str | None = None
    frame: str | None = None

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value is not None and not _DATE.match(value):
                raise ValueError(f"{name} must be an ISO date like 2020-11-14, got {value!r}")

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Filters:
        """Filters from a dict (query string, CLI options), ignoring empty values.

        Unknown keys are an error, so a typo in a filter name is not silently
        a search over everything.
        """
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(
                f"unknown filter(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        return cls(**{k: str(v) for k, v in values.items() if v not in (None, "")})

    def active(self) -> dict[str, str]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


@dataclass
class ArticleSummary:
    """One search hit: enough to list it without loading the full analysis.

    ``techniques`` counts, per technique, the paragraphs flagged with it.
    ``highlights`` are (start, end) character ranges of ``snippet`` that
    matched the query, for the renderer to mark.
    """

    id: str
    title: str
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    genre: str | None
    paragraphs: int
    techniques: dict[str, int] = field(default_factory=dict)
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class SearchPage:
    """One page of results, the total number of matches and facet counts.

    ``facets[name][value]`` is the number of matching articles with that
    value (for technique/category/frame: with at least one such finding).
    """

    total: int
    items: list[ArticleSummary]
    facets: dict[str, dict[str, int]]
    limit: int = 20
    offset: int = 0


@dataclass
class GroupStats:
    """Technique and category rates of one group of articles.

    A rate is the share of the group's paragraphs flagged with the technique
    (or with any technique of the category): comparable across outlets of
    different article lengths. ``group`` is None for articles without a
    value (no source, unknown language, no date).
    """

    group: str | None
    articles: int
    paragraphs: int
    technique_rates: dict[str, float] = field(default_factory=dict)
    category_rates: dict[str, float] = field(default_factory=dict)


@dataclass
class PlaceRow:
    """A resolved place and the stored articles that mention it."""

    name: str
    latitude: float
    longitude: float
    country: str | None
    articles: int
    article_ids: list[str] = field(default_factory=list)
    precision_km: float | None = None  # how far the point may be: a sea, a region
