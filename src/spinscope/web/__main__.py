"""``python -m spinscope.web serve|openapi``: the web commands without the full CLI."""

import typer

from spinscope.web.commands import openapi, serve

app = typer.Typer(help="spinscope web workbench", no_args_is_help=True, add_completion=False)
app.command("serve")(serve)
app.command("openapi")(openapi)

if __name__ == "__main__":
    app()
