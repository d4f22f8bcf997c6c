"""Defences for a server whose every input (article text, titles, URLs) is hostile.

* ``SecurityHeaders``: a strict Content-Security-Policy (scripts, styles and
  fonts only from this server; no inline script, no inline event handlers),
  plus the usual anti-sniffing/framing/referrer headers, on every response.
* ``BodyLimit``: rejects request bodies over the configured size before the
  application reads them, whether announced by Content-Length or streamed.
* ``SameOriginWrites``: refuses state-changing requests sent by another site
  (a page elsewhere POSTing a form to the analyst's localhost server).
* ``check_write``: write endpoints are closed unless a token is configured,
  or the server listens on loopback only.
* ``safe_href``: the only way a URL from an article becomes a link.
"""

from __future__ import annotations

import hmac
import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spinscope.web.errors import ApiError
from spinscope.web.settings import WebSettings

SAFE_SCHEMES = frozenset({"http", "https"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None.

    Anything else (``javascript:``, ``data:``, ``vbscript:``, relative or
    protocol-relative tricks, control characters) is shown as text, never
    made a link.
    """
    if not url or not isinstance(url, str):
        return None
    candidate = url.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate) or "\\" in candidate:
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return None
    return candidate


def tile_origin(tile_url: str | None) -> str | None:
    """The scheme://host[:port] a tile URL template loads images from."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "a"))
    if parts.scheme not in SAFE_SCHEMES or not parts.netloc:
        raise ValueError(f"tile URL must be http(s)://host/...{{z}}/{{x}}/{{y}}, got {tile_url!r}")
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in tile_url else parts.netloc
    return f"{parts.scheme}://{host}"


def content_security_policy(settings: WebSettings) -> str:
    """The CSP header value: self only, images also from the configured tile host."""
    images = "'self' data:"
    origin = tile_origin(settings.tile_url)
    if origin:
        images += f" {origin}"
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every response."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(settings).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"same-origin"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in self.headers if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _send_json_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"status": status, "code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Pure ASGI middleware: 413 for bodies over ``limit`` bytes.

    Checks Content-Length up front, then reads the body itself (bounded by the
    limit) before the application sees it, so a chunked upload that lies about
    or omits its length is cut off too.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _message(self) -> str:
        return f"request body larger than the {self.limit} bytes this server accepts"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _send_json_error(send, 400, "bad_request", "invalid Content-Length")
                    return
                if declared > self.limit:
                    await _send_json_error(send, 413, "body_too_large", self._message())
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await _send_json_error(send, 413, "body_too_large", self._message())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SameOriginWrites:
    """Pure ASGI middleware: refuse unsafe methods coming from another site.

    Browsers send ``Sec-Fetch-Site`` and ``Origin`` with cross-site form
    posts; API clients (curl, httpx, scripts) send neither and pass.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            if is_cross_site(headers):
                await _send_json_error(
                    send, 403, "cross_site", "state-changing requests from other sites are refused"
                )
                return
        await self.app(scope, receive, send)


def is_cross_site(headers: dict[str, str]) -> bool:
    """Whether a browser sent this request from a page of another origin.

    ``Sec-Fetch-Site`` decides when present ("same-site" is refused too: another
    port on localhost is another application). Otherwise ``Origin`` is compared
    with ``Host``; an opaque ``null`` origin is refused. Requests with neither
    come from non-browser clients (curl, scripts) and pass.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get("origin")
    if origin is None:
        return False
    if origin == "null":
        return True
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


def presented_token(authorization: str | None, header_token: str | None, form_token: str | None):
    """The token a client sent: ``Authorization: Bearer``, ``X-Spinscope-Token`` or a form field."""
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return header_token or form_token


def check_write(settings: WebSettings, token: str | None) -> None:
    """Raise a clear 401/403 unless this client may use write endpoints."""
    if settings.token is None:
        if settings.writes_open_without_token:
            return
        raise ApiError(
            403,
            "writes_closed",
            f"write endpoints are closed: the server listens on {settings.host} without a token "
            "(restart with --token to enable them)",
        )
    if token is None:
        raise ApiError(
            401, "token_required", "this endpoint needs the server token (Authorization: Bearer …)"
        )
    if not hmac.compare_digest(token.encode(), settings.token.encode()):
        raise ApiError(403, "bad_token", "the token given does not match the server token")
