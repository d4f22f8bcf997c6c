"""Analyse what a client sends (text, HTML or a URL) with the configured stages.

The web layer never builds articles itself: it hands the input to the same
readers the CLI uses (``spinscope.ingest``) and the same ``analyze()``, so an
article analysed in the browser is the article the CLI would have stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from spinscope.article import Analysis, Article
from spinscope.pipeline import FOUNDATION, STAGES, analyze
from spinscope.web.errors import ApiError
from spinscope.web.security import safe_href

MAX_FIELD = 200


class AnalyseRequest(BaseModel):
    """One article to analyse: exactly one of ``text``, ``html`` or ``url``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "Titre\n\nPremier paragraphe.\n\nSecond paragraphe.",
                    "source": "French Press TV",
                    "language": "fr",
                }
            ]
        },
    )

    text: str | None = Field(None, description="plain text; first line is the title if none given")
    html: str | None = Field(None, description="a web page's HTML; the main text is extracted")
    url: str | None = Field(None, description="http(s) URL to fetch (needs write access)")
    title: str | None = Field(None, max_length=1000)
    source: str | None = Field(None, max_length=MAX_FIELD, description="outlet name")
    published: str | None = Field(None, max_length=40, description="ISO 8601 date")
    language: str | None = Field(None, max_length=12, description="ISO 639-1; detected if absent")
    stages: list[str] | None = Field(
        None, description="subset of pipeline stages to run; the server's default if absent"
    )

    @model_validator(mode="after")
    def _one_input(self) -> AnalyseRequest:
        given = [name for name in ("text", "html", "url") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        if self.url is not None and safe_href(self.url) is None:
            raise ValueError("url must be an absolute http(s) URL")
        if self.stages is not None:
            unknown = sorted(set(self.stages) - set(STAGES))
            if unknown:
                raise ValueError(
                    f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(STAGES)}"
                )
        return self

    @property
    def kind(self) -> Literal["text", "html", "url"]:
        return "text" if self.text else "html" if self.html else "url"


def _with_metadata(article: Article, request: AnalyseRequest) -> Article:
    """The article with the metadata the client gave overriding what the reader found."""
    given = {
        k: v
        for k, v in (
            ("title", request.title),
            ("source", request.source),
            ("published", request.published),
            ("language", request.language),
        )
        if v
    }
    if not given:
        return article
    # Re-validated, so the id (a hash of title and body) follows a changed title.
    return Article.model_validate({**article.model_dump(), **given, "id": ""})


def build_article(request: AnalyseRequest, max_bytes: int = 5 * 1024 * 1024) -> Article:
    """The ``Article`` a reader makes of the request (fetching the URL if one is given)."""
    from spinscope import ingest

    try:
        if request.kind == "text":
            return ingest.article_from_text(
                request.text or "",
                title=request.title or None,
                source=request.source or None,
                published=request.published or None,
                language=request.language or None,
                origin="<pasted text>",
            )
        if request.kind == "html":
            items = ingest.parse_bytes(
                (request.html or "").encode("utf-8"), "<pasted HTML>", "html", charset="utf-8"
            )
        else:
            items = ingest.read([request.url or ""], max_bytes=max_bytes)
        for item in items:
            if isinstance(item, ingest.ReadError):
                status = 502 if request.kind == "url" else 422
                raise ApiError(status, "unreadable_input", str(item))
            return _with_metadata(item, request)
    except ingest.InputError as exc:
        raise ApiError(422, "unreadable_input", str(exc)) from None
    raise ApiError(422, "unreadable_input", "no article found in the input")


def run_analysis(article: Article, stages: Sequence[str] | None) -> Analysis:
    """``analyze(article)`` with ``stages`` (None = every stage, empty = foundation only).

    A stage that cannot run here (an untrained model, a missing optional
    package) is a 503 naming the problem, not a bare 500.
    """
    only = None if stages is None else (list(stages) or list(FOUNDATION))
    try:
        return analyze(article, only=only)
    except ValueError as exc:
        raise ApiError(422, "analysis_failed", str(exc)) from None
    except (ImportError, FileNotFoundError, OSError, RuntimeError) as exc:
        raise ApiError(
            503,
            "analysis_unavailable",
            f"the pipeline cannot run here: {type(exc).__name__}: {exc} "
            "(start the server with --stages to run fewer stages)",
        ) from None
