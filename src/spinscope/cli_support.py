"""Options and helpers every ``spinscope`` command module shares.

They live apart from ``cli`` so that a command module (``stories.commands``,
``persuasion.commands``…) can import them without importing ``cli``, which
imports every command module in turn.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from spinscope.article import Analysis
    from spinscope.store import Filters, SQLiteStore

# ------------------------------------------------------------------ options

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file of the store (default: $SPINSCOPE_DB or ./spinscope.db).",
        show_default=False,
    ),
]
OnlyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--only",
        help="Run only these stages (repeat or comma-separate); language and segment always run.",
        show_default=False,
    ),
]
SkipOption = Annotated[
    list[str] | None,
    typer.Option(
        "--skip", help="Skip these stages (repeat or comma-separate).", show_default=False
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", "-f", help="Reader to use: auto, text, semeval, html, jsonl, feed or warc."
    ),
]
ProgressOption = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Progress bar on stderr (default: when it is a terminal).",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the JSON document instead of the report.")
]
ExplainOption = Annotated[
    bool, typer.Option("--explain", help="Explain each technique found (definition, phrases).")
]


def _checked_lang(value: str | None) -> str | None:
    from spinscope.display_words import LANGUAGES

    if value is not None and value not in LANGUAGES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(LANGUAGES)}")
    return value


def locale_language() -> str:
    """The system locale's language where spinscope speaks it (POSIX order), else English.

    A corpus view spans languages, so it follows the analyst's locale as the
    web pages follow the browser's ``Accept-Language``.
    """
    from spinscope.display_words import spoken

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return spoken(value) or "en"
    return "en"


def report_language(lang: str | None, analysis: Analysis) -> str:
    """``--lang``, else the article's language where reports speak it, else the locale's:
    a German article is reported in French to an analyst working in French."""
    from spinscope.display_words import spoken

    return lang or spoken(analysis.article.language) or locale_language()


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the report: labels, explanations and headings (en or fr); "
        "default: the article's if it is one of them, else the system locale's.",
        show_default=False,
        callback=_checked_lang,
    ),
]
TableLangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of the labels and headings (en or fr); default: the system "
        "locale's ($LC_ALL, $LC_MESSAGES or $LANG), else English.",
        show_default=False,
        callback=_checked_lang,
    ),
]


def build_filters(**options: str | None) -> Filters:
    """The store's ``Filters`` from CLI options; a bad value is a one-line error."""
    from spinscope.store import Filters

    try:
        return Filters.from_mapping(options)
    except ValueError as exc:
        fail(str(exc))


LanguageF = Annotated[str | None, typer.Option("--language", help="ISO 639-1 code, e.g. fr.")]
SourceF = Annotated[str | None, typer.Option("--source", help="Outlet, as stored.")]
FromF = Annotated[
    str | None, typer.Option("--from", help="Published on or after (2020, 2020-11, 2020-11-14).")
]
ToF = Annotated[str | None, typer.Option("--to", help="Published on or before (inclusive).")]
TechniqueF = Annotated[
    str | None, typer.Option("--technique", help="Official name, e.g. Loaded_Language.")
]
CategoryF = Annotated[
    str | None, typer.Option("--category", help="Category id, e.g. attack_on_reputation.")
]
GenreF = Annotated[str | None, typer.Option("--genre", help="opinion, reporting or satire.")]
FrameF = Annotated[str | None, typer.Option("--frame", help="Frame, e.g. Security_and_defense.")]


# ------------------------------------------------------------------ helpers


def err_console():
    """Console for messages on stderr; ``soft_wrap`` keeps each message on one line."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def out_console():
    from rich.console import Console

    return Console(highlight=False)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one error line on stderr and stop with ``code``."""
    from rich.text import Text

    from spinscope.report import safe

    err_console().print(Text.assemble(("error: ", "bold red"), safe(message)))
    raise typer.Exit(code)


def split_stages(values: list[str] | None) -> list[str]:
    return [s.strip() for v in values or [] for s in v.split(",") if s.strip()]


def check_stages(only: list[str] | None, skip: list[str] | None) -> tuple[list[str], list[str]]:
    """Validate the stage selection and make sure every selected stage can load.

    Failing here, before reading anything, turns a missing model or module into
    one clear line instead of one failure per article.
    """
    from spinscope.pipeline import load_stage, select_stages

    only_list, skip_list = split_stages(only), split_stages(skip)
    try:
        names = select_stages(only_list or None, skip_list)
    except ValueError as exc:
        fail(str(exc))
    for name in names:
        try:
            load_stage(name)
        except (ImportError, AttributeError) as exc:
            fail(f"stage {name!r} is not available ({exc}); leave it out with --skip {name}")
    return only_list, skip_list


def open_cli_store(db: str | None) -> SQLiteStore:
    """Open the store and point the encoder's vector cache at the same file."""
    from spinscope.store import StoreError, open_store

    try:
        store = open_store(db)
    except StoreError as exc:
        fail(str(exc))
    if store.vector_cache_path is not None:
        try:
            from spinscope.persuasion.encoder import VectorCache, set_default_cache
        except ImportError:
            return store
        set_default_cache(VectorCache(store.vector_cache_path))
    return store


def print_json(document: object) -> None:
    """JSON on stdout, untouched by rich (no wrapping, no markup)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def print_analysis_json(analysis: Analysis) -> None:
    sys.stdout.write(analysis.model_dump_json(indent=2) + "\n")
