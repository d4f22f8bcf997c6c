"""The web workbench and JSON API over the store (``spinscope serve``).

``create_app(WebSettings(db="corpus.db"))`` gives the FastAPI application;
``spinscope.web.commands.register(app)`` adds the ``serve`` command to a Typer
CLI. Pages and API share one set of read functions (``corpus``), so every page
has a JSON twin showing exactly what it shows.
"""

from spinscope.web.app import create_app
from spinscope.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
