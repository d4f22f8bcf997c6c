"""The Jinja2 environment: autoescaping everywhere, helpers for safe links and numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from spinscope import __version__
from spinscope.display_words import word
from spinscope.web import labels
from spinscope.web.highlight import split_highlights
from spinscope.web.query import url_with
from spinscope.web.security import safe_href

TEMPLATES = Path(__file__).parent / "templates"

NAV = (
    ("/articles", "Articles"),
    ("/analyse", "Analyse a text"),
    ("/dashboard", "Dashboard"),
    ("/map", "Map"),
)


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _num(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def make_environment() -> Environment:
    """Autoescape is forced on for every template, whatever its extension."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        safe_href=safe_href,
        url_with=url_with,
        label=labels.label,
        ui=word,  # the reader's own words in its labels' language
        definition=labels.definition,
        category_style=labels.category_style,
        category_of_tech=lambda t: labels.category_of(t) or "unknown",
        category_ids=labels.category_ids,
        technique_ids=labels.technique_ids,
        split_highlights=split_highlights,
        version=__version__,
        nav=NAV,
    )
    env.filters.update(pct=_pct, num=_num, score=_score)
    return env


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    env: Environment = request.app.state.jinja
    page = env.get_template(template).render(
        request=request,
        path=request.url.path,
        settings=request.app.state.settings,
        **context,
    )
    return HTMLResponse(page, status_code=status)
