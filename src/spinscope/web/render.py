"""The Jinja2 environment: autoescaping everywhere, helpers for safe links and numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from spinscope import __version__
from spinscope.display_words import noun, typeset, word
from spinscope.persuasion.taxonomy import techniques_in
from spinscope.web import labels
from spinscope.web.highlight import split_highlights
from spinscope.web.query import url_with
from spinscope.web.security import safe_href
from spinscope.web.ui_language import page_language, remember_choice

TEMPLATES = Path(__file__).parent / "templates"

NAV = (
    ("/articles", "Articles"),
    ("/analyse", "Analyse a text"),
    ("/stories", "Stories"),
    ("/dashboard", "Dashboard"),
    ("/map", "Map"),
    ("/taxonomy", "Taxonomy"),
)
LANGUAGE_SWITCH = (("en", "EN", "English"), ("fr", "FR", "Français"))


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _num(value: int | None) -> str:
    return "—" if value is None else f"{value:,}".replace(",", "\u202f")


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _score_note(language: str | None, lang: str) -> str:
    # imported on first use: the CLI imports this module, and its --help loads no numpy
    from spinscope.persuasion.reliability import score_note

    return typeset(score_note(language, lang), lang)


def make_environment() -> Environment:
    """Autoescape is forced on for every template, whatever its extension.

    Every page gets ``lang`` (see ``ui_language``): templates show their words
    with ``ui(text, lang)`` and taxonomy names with ``label(name, lang)``.
    """
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
        # the page's own words in its language, French ones with no-break spaces
        ui=lambda text, lang, context="": typeset(word(text, lang, context), lang),
        noun=noun,
        definition=lambda name, lang="en": typeset(labels.definition(name, lang), lang),
        example=lambda name, lang="en": typeset(labels.example(name, lang), lang),
        techniques_of=techniques_in,
        frame_ids=labels.frame_ids,
        genre_ids=labels.genre_ids,
        category_style=labels.category_style,
        category_of_tech=lambda t: labels.category_of(t) or "unknown",
        category_ids=labels.category_ids,
        technique_ids=labels.technique_ids,
        split_highlights=split_highlights,
        score_note=_score_note,
        version=__version__,
        nav=NAV,
        language_switch=LANGUAGE_SWITCH,
    )
    env.filters.update(pct=_pct, num=_num, score=_score)
    return env


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200
) -> HTMLResponse:
    """``template`` rendered in the page's language (``context["lang"]`` when the page
    decided it, as an article's page does); a ``?lang=`` choice is remembered."""
    env: Environment = request.app.state.jinja
    values = {**context, "lang": context.get("lang") or page_language(request)}
    page = env.get_template(template).render(
        request=request,
        path=request.url.path,
        # the language switch links back here: a path such as "//other.site" (a 404) must
        # stay on this server, so it is rebuilt with one leading slash
        here="/" + request.url.path.lstrip("/\\"),
        query=dict(request.query_params),
        settings=request.app.state.settings,
        **values,
    )
    response = HTMLResponse(page, status_code=status)
    response.headers["Vary"] = "Accept-Language, Cookie"  # the page's language follows them
    remember_choice(request, response)
    return response
