"""``spinscope serve``: the web workbench and JSON API over a store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from spinscope.web.settings import DEFAULT_MAX_BODY, WebSettings, is_local_host


def serve(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="SQLite store file (default: $SPINSCOPE_DB or ./spinscope.db)"),
    ] = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on; anything but loopback needs --token for write endpoints",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="SPINSCOPE_TOKEN",
            help="Secret that write endpoints require (Authorization: Bearer TOKEN); prefer the "
            "SPINSCOPE_TOKEN variable so it does not show in the process list",
        ),
    ] = None,
    stages: Annotated[
        str | None,
        typer.Option(
            "--stages",
            help="Comma-separated pipeline stages the analyse/ingest endpoints run "
            "(default: every stage)",
        ),
    ] = None,
    tile_url: Annotated[
        str | None,
        typer.Option(
            "--tile-url",
            help="Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png "
            "(default: the bundled world outline, no network)",
        ),
    ] = None,
    tile_attribution: Annotated[
        str, typer.Option("--tile-attribution", help="Credit for the tiles")
    ] = "",
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.01, help="Largest request body, in MiB")
    ] = DEFAULT_MAX_BODY / 1024 / 1024,
    no_url_fetch: Annotated[
        bool,
        typer.Option("--no-url-fetch", help="Refuse to fetch URLs given to the analyse endpoints"),
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level")] = "info",
) -> None:
    """Serve the web workbench and JSON API (pages at /, API at /api, OpenAPI at /openapi.json)."""
    import uvicorn

    from spinscope.pipeline import STAGES
    from spinscope.store import StoreError
    from spinscope.web.app import create_app

    chosen = None
    if stages is not None:
        chosen = tuple(s.strip() for s in stages.split(",") if s.strip())
        unknown = sorted(set(chosen) - set(STAGES))
        if unknown:
            raise typer.BadParameter(
                f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(STAGES)}",
                param_hint="--stages",
            )
    settings = WebSettings(
        db=db,
        host=host,
        token=token or None,
        max_body_bytes=int(max_body_mb * 1024 * 1024),
        tile_url=tile_url,
        tile_attribution=tile_attribution,
        analyse_stages=chosen,
        allow_url_fetch=not no_url_fetch,
    )
    try:
        app = create_app(settings)
    except (StoreError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if not is_local_host(host) and token is None:
        typer.echo(
            f"note: listening on {host} without --token: ingest and delete are closed", err=True
        )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"spinscope workbench on http://{shown}:{port}/ (store: {app.state.store.path})")
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def openapi(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout)")
    ] = None,
) -> None:
    """Print the OpenAPI document of the JSON API (committed as docs/openapi.json)."""
    from spinscope.web.app import openapi_document

    text = json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the spinscope CLI."""
    app.command("serve")(serve)
