"""Per-request access to the app's store, settings and write permission."""

from __future__ import annotations

from fastapi import Header, Request

from spinscope.store import SQLiteStore
from spinscope.web.security import check_write, presented_token
from spinscope.web.settings import WebSettings


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings


def store_of(request: Request) -> SQLiteStore:
    return request.app.state.store


def require_write(
    request: Request,
    authorization: str | None = Header(None, include_in_schema=False),
    x_spinscope_token: str | None = Header(None, include_in_schema=False),
) -> None:
    """Dependency of every write endpoint (see ``security.check_write``)."""
    check_write(settings_of(request), presented_token(authorization, x_spinscope_token, None))


def write_status(settings: WebSettings) -> str:
    """'open', 'token' or 'closed': how write endpoints behave on this server."""
    if settings.token is not None:
        return "token"
    return "open" if settings.writes_open_without_token else "closed"
