"""CLI commands over stories: ``related`` (one article's kin) and ``stories`` (the corpus)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from spinscope.cli_support import (
    DbOption,
    FromF,
    GenreF,
    LanguageF,
    SourceF,
    TableLangOption,
    ToF,
    build_filters,
    fail,
    locale_language,
    open_cli_store,
    out_console,
    print_json,
)
from spinscope.stories.settings import DEFAULT_DAYS, DEFAULT_NEIGHBOURS, DEFAULT_THRESHOLD

if TYPE_CHECKING:
    from spinscope.store import Filters, SQLiteStore
    from spinscope.stories.index import StoryIndex

JsonF = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
ProgressF = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show a progress bar while reading the store (default: when on a terminal).",
        show_default=False,
    ),
]


def build_index(store: SQLiteStore, filters: Filters | None, progress: bool | None) -> StoryIndex:
    """Every matching stored article's story profile, indexed (a progress bar on stderr)."""
    from tqdm import tqdm

    from spinscope.stories.index import StoryIndex
    from spinscope.stories.profile import load_profiles

    total = store.search(None, filters, limit=0).total
    shown = sys.stderr.isatty() if progress is None else progress
    with tqdm(
        total=total, desc="reading stored articles", disable=not shown, file=sys.stderr
    ) as bar:
        profiles = load_profiles(store.iter_analyses(filters=filters), progress=bar.update)
    return StoryIndex(profiles)


def related(
    article_id: Annotated[str, typer.Argument(help="Stored article id (or a unique prefix).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=200)] = 10,
    min_score: Annotated[
        float,
        typer.Option("--min-score", min=0.0, max=1.0, help="Leave out articles scoring less."),
    ] = 0.2,
    json_out: JsonF = False,
    progress: ProgressF = None,
    lang: TableLangOption = None,
) -> None:
    """Stored articles most alike one article: the same story in other outlets and languages.

    Each comes with its score and the names both articles give."""
    from spinscope.store import AmbiguousId
    from spinscope.stories.documents import related_document
    from spinscope.stories.output import print_related

    store = open_cli_store(db)
    try:
        try:
            found = store.resolve_id(article_id)
        except AmbiguousId as exc:
            fail(str(exc))
        if found is None:
            fail(f"no stored article with id {article_id!r}")
        index = build_index(store, None, progress)
    finally:
        store.close()
    me = index.profiles[index.position[found]]
    kin = index.related(found, limit=limit, min_score=min_score)
    if json_out:
        print_json(related_document(me, kin))
        return
    print_related(me, kin, out_console(), lang=lang or locale_language())


def stories(
    db: DbOption = None,
    language: LanguageF = None,
    source: SourceF = None,
    date_from: FromF = None,
    date_to: ToF = None,
    genre: GenreF = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            min=0.05,
            max=1.0,
            help="Score two articles need to tell one story (higher: tighter stories).",
        ),
    ] = DEFAULT_THRESHOLD,
    min_articles: Annotated[
        int, typer.Option("--min-articles", min=2, help="Smallest story shown.")
    ] = 2,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            min=0,
            help="Dated articles further apart are not joined directly (0: no limit).",
        ),
    ] = DEFAULT_DAYS,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Stories shown.")] = 20,
    json_out: JsonF = False,
    progress: ProgressF = None,
    lang: TableLangOption = None,
) -> None:
    """Group stored articles into stories and compare how each outlet told each one.

    For each story: its articles, the names they share, and per outlet the share of
    paragraphs flagged with each technique and the genres; largest stories first."""
    from spinscope.stories.documents import story_document
    from spinscope.stories.grouping import group_stories
    from spinscope.stories.output import print_stories

    filters = build_filters(
        language=language, source=source, date_from=date_from, date_to=date_to, genre=genre
    )
    store = open_cli_store(db)
    try:
        index = build_index(store, filters, progress)
    finally:
        store.close()
    shown_in = lang or locale_language()
    found = group_stories(
        index, threshold, DEFAULT_NEIGHBOURS, min_articles, lang=shown_in, days=days or None
    )
    if json_out:
        print_json({"articles": len(index), "stories": [story_document(s) for s in found[:limit]]})
        return
    print_stories(found[:limit], len(found), len(index), out_console(), lang=shown_in)


def register(app: typer.Typer) -> None:
    app.command("related")(related)
    app.command("stories")(stories)
