"""The stories page (``/stories``) and its JSON twin (``/stories.json``).

The page draws the document the twin returns (``web.stories.stories_document``): what an
analyst sees is what a script gets. Filters and the page of stories live in the URL.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from spinscope.web import stories
from spinscope.web.deps import settings_of
from spinscope.web.query import url_with
from spinscope.web.render import render
from spinscope.web.ui_language import PARAM as LANG_PARAM
from spinscope.web.ui_language import page_language

router = APIRouter(include_in_schema=False)

TECHNIQUES_SHOWN = 4  # per outlet, as the CLI's table


def _stories(request: Request, as_json: bool) -> Response:
    lang = page_language(request)  # the JSON twin spells names as its page does
    wanted = stories.parse_stories(request.query_params, settings_of(request).page_size, lang)
    path = "/stories.json" if as_json else "/stories"
    document = stories.stories_document(request.app.state.stories, wanted, path)
    if as_json:
        return JSONResponse(document)
    params = {k: v for k, v in wanted.params().items() if k != LANG_PARAM}  # the cookie has it
    return render(
        request,
        "stories.html",
        {
            "doc": document,
            "params": params,
            "wanted": wanted,
            "techniques_shown": TECHNIQUES_SHOWN,
            "page_number": wanted.offset // wanted.limit + 1,
            "pages": max(1, -(-document["total"] // wanted.limit)),
            "json_url": url_with("/stories.json", params),
            "lang": lang,
        },
    )


@router.get("/stories")
def stories_page(request: Request) -> Response:
    return _stories(request, request.query_params.get("format") == "json")


@router.get("/stories.json")
def stories_json(request: Request) -> Response:
    return _stories(request, True)
