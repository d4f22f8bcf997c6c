"""CLI commands over stories: ``related`` (one article's kin) and ``stories`` (the corpus)."""

from __future__ import annotations

import sys
from pathlib import Path
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
    from spinscope.stories.profile import StoryProfile

JsonF = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
ProgressF = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show a progress bar while reading the store (default: when on a terminal).",
        show_default=False,
    ),
]


def stored_profiles(
    store: SQLiteStore, filters: Filters | None, progress: bool | None
) -> list[StoryProfile]:
    """Every matching stored article's story profile (a progress bar on stderr)."""
    from tqdm import tqdm

    from spinscope.stories.profile import load_profiles

    total = store.search(None, filters, limit=0).total
    shown = sys.stderr.isatty() if progress is None else progress
    with tqdm(
        total=total, desc="reading stored articles", disable=not shown, file=sys.stderr
    ) as bar:
        return load_profiles(store.iter_analyses(filters=filters), progress=bar.update)


def build_index(store: SQLiteStore, filters: Filters | None, progress: bool | None) -> StoryIndex:
    """The stored articles matching ``filters``, indexed."""
    from spinscope.stories.index import StoryIndex

    return StoryIndex(stored_profiles(store, filters, progress))


def related(
    article: Annotated[
        str,
        typer.Argument(
            help="Stored article id (or a unique prefix), or an article file or URL to compare "
            "with the store without storing it.",
            show_default=False,
        ),
    ],
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

    Each comes with its score and the names both articles give. The article is a stored
    one, or a file or URL read and analysed for names and wording (not stored)."""
    from spinscope.stories.documents import related_document
    from spinscope.stories.index import related_to
    from spinscope.stories.output import print_related

    store = open_cli_store(db)
    try:
        if _is_source(article):
            me = _read_profile(article)
            stored = stored_profiles(store, None, progress)
            kin, is_stored = related_to(stored, me, limit, min_score), False
        else:
            found = _stored_id(store, article)
            index = build_index(store, None, progress)
            me = index.profiles[index.position[found]]
            kin, is_stored = index.related(found, limit=limit, min_score=min_score), True
    finally:
        store.close()
    if json_out:
        print_json(related_document(me, kin, stored=is_stored))
        return
    shown_in = lang or locale_language()
    print_related(me, kin, out_console(), lang=shown_in, stored=is_stored)


def _is_source(article: str) -> bool:
    """A file or URL to read rather than a stored id."""
    return article.startswith(("http://", "https://")) or Path(article).exists()


def _stored_id(store: SQLiteStore, ref: str) -> str:
    from spinscope.store import AmbiguousId

    try:
        found = store.resolve_id(ref)
    except AmbiguousId as exc:
        fail(str(exc))
    if found is None:
        fail(f"no stored article with id {ref!r} (nor a file or URL of that name)")
    return found


def _read_profile(source: str) -> StoryProfile:
    """One article read from a file or URL, its names found and its sentences embedded
    (cached in the store's file, so comparing it again costs nothing)."""
    from dataclasses import replace

    from spinscope.ingest import ReadError, read
    from spinscope.pipeline import analyze
    from spinscope.stories.profile import embedded_vector, profile_of

    items = list(read([source]))
    errors = [i for i in items if isinstance(i, ReadError)]
    articles = [i for i in items if not isinstance(i, ReadError)]
    if not articles:
        fail(str(errors[0]) if errors else f"{source}: no article found")
    analysis = analyze(articles[0], only=["entities", "places"])
    return replace(profile_of(analysis, with_vector=False), vector=embedded_vector(analysis))


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
    min_outlets: Annotated[
        int,
        typer.Option(
            "--min-outlets", min=1, help="Only stories told by at least this many outlets."
        ),
    ] = 1,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            min=0,
            help="Dated articles further apart are never in one story (0: no limit).",
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
        index,
        threshold,
        DEFAULT_NEIGHBOURS,
        min_articles,
        lang=shown_in,
        days=days or None,
        min_outlets=min_outlets,
    )
    if json_out:
        print_json({"articles": len(index), "stories": [story_document(s) for s in found[:limit]]})
        return
    print_stories(found[:limit], len(found), len(index), out_console(), lang=shown_in)


def register(app: typer.Typer) -> None:
    app.command("related")(related)
    app.command("stories")(stories)
