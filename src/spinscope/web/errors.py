"""One error shape for the whole API: ``{"error": {status, code, message, details?}}``.

Pages get the same information as an HTML page; API paths and JSON twins get
JSON. A client always learns, in one line, what was wrong with its request.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

CODES = {
    400: "bad_request",
    401: "token_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    500: "internal_error",
    502: "fetch_failed",
    503: "unavailable",
}


class ApiError(Exception):
    """An error answered to the client as-is (status, short code, one-line message)."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def wants_json(request: Request) -> bool:
    """API paths, ``.json`` twins, ``?format=json`` and JSON-only clients get JSON errors."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith((".json", ".geojson", ".jsonl", ".csv")):
        return True
    if request.query_params.get("format") in {"json", "jsonl", "csv", "geojson"}:
        return True
    accept = request.headers.get("accept", "")
    return "text/html" not in accept


def error_payload(status: int, code: str, message: str, details: Any = None) -> dict:
    error: dict[str, Any] = {"status": status, "code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def _describe_validation(exc: RequestValidationError) -> tuple[str, list[dict]]:
    details = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        details.append({"field": where, "problem": err.get("msg", "invalid")})
    if not details:
        return "invalid request", details
    first = details[0]
    if first["problem"].startswith("JSON decode error"):
        return "malformed JSON in request body", details
    more = f" (and {len(details) - 1} more)" if len(details) > 1 else ""
    return f"{first['field']}: {first['problem']}{more}", details


def install_error_handlers(app: FastAPI, render_html_error) -> None:
    """Register handlers; ``render_html_error(request, status, message)`` draws the HTML page."""

    def respond(request: Request, status: int, code: str, message: str, details=None) -> Response:
        if wants_json(request):
            return JSONResponse(error_payload(status, code, message, details), status_code=status)
        return render_html_error(request, status, message)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        message, details = _describe_validation(exc)
        status = 400 if message.startswith("malformed JSON") else 422
        return respond(request, status, CODES[status], message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        response = respond(request, exc.status_code, code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response
