"""Which language a page speaks: the analyst's choice, else the article's, else the browser's.

An analyst who picks a language (the « EN · FR » switch, ``?lang=``) keeps it:
the choice is remembered in a cookie and wins on every page. Without a
choice, an article's page speaks its article's language where the workbench
has it (a French article is explained in French), and the corpus pages
(lists, dashboard, map, forms) speak the first language of the browser's
``Accept-Language`` that the workbench has, else English.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from spinscope.display_words import LANGUAGES, spoken
from spinscope.web.errors import ApiError

PARAM = "lang"
COOKIE = "spinscope_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def requested(request: Request, strict: bool = True) -> str | None:
    """The language asked for in this URL (``?lang=fr``); any other value is a 400
    (or, not ``strict``, ignored: an error page must render whatever the URL)."""
    raw = request.query_params.get(PARAM)
    if raw in (None, ""):
        return None
    if raw not in LANGUAGES:
        if not strict:
            return None
        raise ApiError(
            400, "bad_parameter", f"lang must be one of {', '.join(LANGUAGES)}, got {raw!r}"
        )
    return raw


def chosen(request: Request, strict: bool = True) -> str | None:
    """The analyst's explicit choice: this URL's, else the one remembered in the cookie."""
    remembered = request.cookies.get(COOKIE)
    return requested(request, strict) or (remembered if remembered in LANGUAGES else None)


def from_accept_language(header: str | None) -> str | None:
    """The browser's most preferred language the workbench speaks (RFC 9110 q-values)."""
    ranked: list[tuple[float, int, str | None]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            ranked.append((-quality, position, spoken(tag)))
    return next((base for _, _, base in sorted(ranked) if base), None)


def page_language(
    request: Request, article_language: str | None = None, strict: bool = True
) -> str:
    """The language a page is shown in (see the module docstring for the order)."""
    browser = request.headers.get("accept-language")
    return (
        chosen(request, strict) or spoken(article_language) or from_accept_language(browser) or "en"
    )


def remember_choice(request: Request, response: Response) -> None:
    """Keep a ``?lang=`` choice for the next pages (a plain preference: no secret in it)."""
    choice = requested(request, strict=False)
    if choice:
        response.set_cookie(
            COOKIE, choice, max_age=COOKIE_MAX_AGE, path="/", samesite="lax", httponly=True
        )
