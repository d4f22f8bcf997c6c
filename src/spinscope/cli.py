"""The ``spinscope`` command: ingest, search, show, export, analyze, schema, demo.

Heavy imports (models, readers, the store) happen inside command bodies so
``spinscope --help`` answers at once. Other areas add their own commands by
exposing ``register(app: typer.Typer) -> None`` in a module listed in
``COMMAND_MODULES``.
"""

from __future__ import annotations

import dataclasses
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spinscope.cli_support import (
    CategoryF,
    DbOption,
    ExplainOption,
    FormatOption,
    FrameF,
    FromF,
    GenreF,
    JsonOption,
    LangOption,
    LanguageF,
    OnlyOption,
    ProgressOption,
    SkipOption,
    SourceF,
    TableLangOption,
    TechniqueF,
    ToF,
    build_filters,
    check_stages,
    err_console,
    fail,
    locale_language,
    open_cli_store,
    out_console,
    print_analysis_json,
    print_json,
    report_language,
)

if TYPE_CHECKING:
    from spinscope.article import Analysis
    from spinscope.store import SQLiteStore

# Modules that add commands; each exposes ``register(app)``. A module that does
# not exist yet is skipped; any other import error is a real bug and raised.
COMMAND_MODULES: list[str] = [
    "spinscope.persuasion.commands",
    "spinscope.extract.commands",
    "spinscope.web.commands",
    "spinscope.stories.commands",
]

app = typer.Typer(
    name="spinscope",
    help="Show how news is built to persuade: techniques, frames, genre, entities, places, "
    "quotes — per paragraph, stored and searchable.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "samples" / "seeds"


# ----------------------------------------------------------------- commands


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (recursive), globs, URLs or - for stdin."),
    ],
    db: DbOption = None,
    only: OnlyOption = None,
    skip: SkipOption = None,
    format: FormatOption = "auto",
    reanalyse: Annotated[
        bool,
        typer.Option(
            "--reanalyse",
            help="Analyse again articles already stored with these stages (replaces these "
            "stages' findings; the other stages' are kept).",
        ),
    ] = False,
    progress: ProgressOption = None,
) -> None:
    """Read articles, analyse them and store the analyses.

    Each article is stored in its own transaction: a failure or an interruption
    never alters what is already stored. Bad inputs are reported one per line
    (file and line) and the batch goes on; the exit status is 1 if any failed.
    """
    from spinscope.ingest import FORMATS

    if format not in FORMATS:
        fail(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    only_list, skip_list = check_stages(only, skip)
    store = open_cli_store(db)
    try:
        summary = run_ingest(
            store,
            paths,
            only_list,
            skip_list,
            format,
            reanalyse,
            sys.stderr.isatty() if progress is None else progress,
        )
    finally:
        store.close()
    out_console().print(summary.line(store.path))
    if summary.interrupted:
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@dataclasses.dataclass
class IngestSummary:
    read: int = 0
    stored: int = 0
    replaced: int = 0
    upgraded: int = 0  # of those replaced, stored from models other than the installed ones
    duplicates: int = 0
    failed: int = 0
    interrupted: bool = False
    # language → stored articles its genre was re-read against (corpus_genre.py)
    recentred: dict[str, int] = dataclasses.field(default_factory=dict)

    def line(self, where: str):
        from rich.text import Text

        from spinscope.report import safe

        text = Text()
        text.append(f"read {self.read}", style="bold")
        text.append(f" · stored {self.stored} new")
        if self.replaced:
            text.append(f" · re-analysed {self.replaced}")
            if self.upgraded:
                text.append(f" ({self.upgraded} stored from other models)")
        text.append(f" · {self.duplicates} duplicates")
        text.append(f" · {self.failed} failed", style="bold red" if self.failed else "")
        for language, count in self.recentred.items():
            text.append(f" · genre of {count} {language} articles read on their centre")
        text.append(f"  → {safe(where)}", style="dim")
        return text


def run_ingest(
    store: SQLiteStore,
    paths: list[str],
    only: list[str],
    skip: list[str],
    format: str,
    reanalyse: bool,
    progress: bool,
) -> IngestSummary:
    """Read → analyse → store, one article at a time; returns the counts.

    An article already stored is a duplicate, skipped, when its stored
    analysis ran every wanted stage with the models installed now
    (``model_versions``); otherwise it is analysed again with the wanted stages
    (``reanalyse`` forces that for every article), and what its other stages
    found is kept (``stage_results.with_stored_stages``).
    """
    from tqdm import tqdm

    from spinscope.ingest import ReadError, read
    from spinscope.ingest.errors import one_line
    from spinscope.model_versions import current_models, outdated_stages
    from spinscope.pipeline import analyze, select_stages
    from spinscope.stage_results import with_stored_stages

    summary = IngestSummary()
    wanted = set(select_stages(only or None, skip))
    installed = current_models(wanted)  # a stored article from other models is redone
    languages: set[str] = set()  # of articles analysed for genre in this run

    def report_failure(message: str) -> None:
        summary.failed += 1
        tqdm.write(message, file=sys.stderr)

    try:
        for item in read(paths, format=format, progress=progress):
            if isinstance(item, ReadError):
                report_failure(str(item))
                continue
            summary.read += 1
            stored_stages = store.stages_of(item.id)
            upgrade = False
            if not reanalyse and stored_stages is not None and wanted <= set(stored_stages):
                upgrade = bool(outdated_stages(wanted, store.models_of(item.id), installed))
                if not upgrade:
                    summary.duplicates += 1
                    continue
            try:
                analysis = analyze(item, only=only or None, skip=skip)
                if stored_stages is not None:  # keep what the stages not run again found
                    analysis = with_stored_stages(analysis, store, item, wanted)
                new = store.put(analysis)
            except Exception as exc:  # one bad article must not stop the batch
                where = one_line(item.origin or item.id)
                report_failure(f"{where}: analysis failed: {type(exc).__name__}: {one_line(exc)}")
                continue
            if new:
                summary.stored += 1
            else:
                summary.replaced += 1
                summary.upgraded += upgrade
            if "genre" in analysis.stages and analysis.article.language:
                languages.add(analysis.article.language)
    except KeyboardInterrupt:
        tqdm.write("interrupted: every article counted as stored is committed", sys.stderr)
        summary.interrupted = True
    if languages and not summary.interrupted:
        try:
            summary.recentred = recentre_stored_genres(store, languages, progress)
        except KeyboardInterrupt:
            tqdm.write("interrupted: articles keep the genre read so far", sys.stderr)
            summary.interrupted = True
        except Exception as exc:  # stored articles keep the genre read on their own
            report_failure(f"genre on the corpus centre: {type(exc).__name__}: {one_line(exc)}")
    return summary


def recentre_stored_genres(
    store: SQLiteStore, languages: set[str], progress: bool
) -> dict[str, int]:
    """Genre of the stored articles of each language without training data among
    ``languages``, read again on their corpus's centre once it has enough of them."""
    from tqdm import tqdm

    from spinscope.persuasion.corpus_genre import centred_languages, recentre_genres
    from spinscope.persuasion.model import shared_model

    model = shared_model()
    chosen = centred_languages(store, model, languages)
    if not chosen:
        return {}
    counts = store.language_counts()
    total = sum(counts[language] for language in chosen)
    with tqdm(
        total=total, desc="genre on the corpus centre", disable=not progress, file=sys.stderr
    ) as bar:
        return recentre_genres(store, model, chosen, progress=bar.update)


@app.command()
def reanalyse(
    db: DbOption = None,
    only: OnlyOption = None,
    skip: SkipOption = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Run every stored stage again, up to date or not."),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Only list the stored findings out of date, per stage and model."
        ),
    ] = False,
    progress: ProgressOption = None,
) -> None:
    """Analyse stored articles again, from their stored text, where an
    upgrade left their findings behind.

    Each stage whose stored findings came from another model than the
    installed one (retrained persuasion models, a new rule version) runs
    again; what the other stages found is kept. Each article is stored in its
    own transaction, so an interruption keeps what was done. Entities,
    language and segment carry no version checked here: --all runs them again.
    """
    from tqdm import tqdm

    from spinscope.pipeline import FOUNDATION, select_stages
    from spinscope.reanalysis import plan_lines, plan_reanalysis, run_reanalysis

    only_list, skip_list = check_stages(only, skip)
    selected = set(select_stages(only_list or None, skip_list)) - set(FOUNDATION)
    show_progress = sys.stderr.isatty() if progress is None else progress
    console = out_console()
    store = open_cli_store(db)
    try:
        plan = plan_reanalysis(store, selected, everything)
        for line in plan_lines(plan):
            console.print(line, markup=False, highlight=False)
        if dry_run or not plan.stages_by_article:
            return
        with tqdm(
            total=len(plan.stages_by_article),
            desc="re-analysing",
            unit="article",
            disable=not show_progress,
            file=sys.stderr,
        ) as bar:

            def report_failure(message: str) -> None:
                tqdm.write(message, file=sys.stderr)

            summary = run_reanalysis(store, plan, report_failure, advance=bar.update)
        recentred: dict[str, int] = {}
        if summary.languages and not summary.interrupted:
            recentred = recentre_stored_genres(store, summary.languages, show_progress)
    finally:
        store.close()
    line = f"re-analysed {summary.redone} · {summary.failed} failed"
    for language, count in recentred.items():
        line += f" · genre of {count} {language} articles read on their centre"
    console.print(line, markup=False, highlight=False)
    if summary.interrupted:
        err_console().print("interrupted: every article counted as re-analysed is committed")
        raise typer.Exit(130)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def analyze(
    target: Annotated[str, typer.Argument(help="A file, a URL, or - to read stdin.")],
    json_out: JsonOption = False,
    only: OnlyOption = None,
    skip: SkipOption = None,
    format: FormatOption = "auto",
    explain: ExplainOption = False,
    lang: LangOption = None,
) -> None:
    """Analyse an article without storing it and print a readable report.

    With --json, print the Analysis document (one per line if the input holds
    several articles, as a JSONL file does).
    """
    from spinscope.ingest import FORMATS, ReadError, read
    from spinscope.pipeline import analyze as run_pipeline
    from spinscope.report import print_report

    if format not in FORMATS:
        fail(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    only_list, skip_list = check_stages(only, skip)
    articles, problems = [], 0
    for item in read([target], format=format):
        if isinstance(item, ReadError):
            err_console().print(str(item), markup=False, highlight=False)
            problems += 1
        else:
            articles.append(item)
    if not articles:
        fail("no article could be read" if problems else "no article found", code=1)
    console = out_console()
    for article in articles:
        try:
            analysis = run_pipeline(article, only=only_list or None, skip=skip_list)
        except Exception as exc:  # a stage failing on hostile input: one line, not a traceback
            from spinscope.ingest.errors import one_line

            where = one_line(article.origin or article.id)
            err_console().print(
                f"{where}: analysis failed: {type(exc).__name__}: {one_line(exc)}",
                markup=False,
                highlight=False,
            )
            problems += 1
            continue
        if json_out:
            if len(articles) == 1:
                print_analysis_json(analysis)
            else:
                sys.stdout.write(analysis.model_dump_json() + "\n")
        else:
            print_report(analysis, console, explain=explain, lang=report_language(lang, analysis))
    if problems:
        raise typer.Exit(1)


@app.command()
def show(
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id or a unique prefix (6+).")
    ],
    db: DbOption = None,
    json_out: JsonOption = False,
    explain: ExplainOption = False,
    lang: LangOption = None,
) -> None:
    """Print a stored article's report (or its JSON document)."""
    from spinscope.report import print_report
    from spinscope.store import AmbiguousId

    store = open_cli_store(db)
    try:
        analysis = store.get(article_id)
    except AmbiguousId as exc:
        fail(str(exc))
    finally:
        store.close()
    if analysis is None:
        fail(f"no stored article with id {article_id!r} in {store.path}", code=1)
    if json_out:
        print_analysis_json(analysis)
    else:
        print_report(analysis, out_console(), explain=explain, lang=report_language(lang, analysis))
    from spinscope.reanalysis import outdated_in

    stale = outdated_in(analysis)
    if stale:  # on stderr, so that --json stays one document
        err_console().print(
            f"{', '.join(stale)}: from other models than the installed ones; "
            "`spinscope reanalyse` brings them up to date",
            style="dim",
            markup=False,
            highlight=False,
        )


@app.command()
def search(
    query: Annotated[
        str | None,
        typer.Argument(
            help='Words (all required), "a phrase", prefix*, a OR b, -excluded. '
            "Accents and case are ignored. Leave out to list by date.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    language: LanguageF = None,
    source: SourceF = None,
    date_from: FromF = None,
    date_to: ToF = None,
    technique: TechniqueF = None,
    category: CategoryF = None,
    genre: GenreF = None,
    frame: FrameF = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, max=1000)] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the result page as JSON.")
    ] = False,
    lang: TableLangOption = None,
) -> None:
    """Full-text search over stored titles and bodies, with filters and facet counts."""
    filters = build_filters(
        language=language,
        source=source,
        date_from=date_from,
        date_to=date_to,
        technique=technique,
        category=category,
        genre=genre,
        frame=frame,
    )
    store = open_cli_store(db)
    try:
        page = store.search(query, filters, limit=limit, offset=offset)
    except ValueError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json(dataclasses.asdict(page))
        return
    from spinscope.report import print_search

    print_search(page, query, out_console(), lang=lang or locale_language())


@app.command()
def stats(
    by: Annotated[str, typer.Option("--by", help="Group by source, language or month.")] = "source",
    db: DbOption = None,
    language: LanguageF = None,
    source: SourceF = None,
    date_from: FromF = None,
    date_to: ToF = None,
    genre: GenreF = None,
    top: Annotated[int, typer.Option("--top", help="Techniques shown per group.")] = 5,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    lang: TableLangOption = None,
) -> None:
    """Technique and category rates (share of paragraphs flagged) per outlet, language or month."""
    filters = build_filters(
        language=language, source=source, date_from=date_from, date_to=date_to, genre=genre
    )
    from spinscope.reanalysis import outdated_note

    store = open_cli_store(db)
    try:
        groups = store.stats(by, filters)  # type: ignore[arg-type]
        note = outdated_note(store, "techniques")
    except ValueError as exc:
        fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json([dataclasses.asdict(g) for g in groups])
    else:
        from spinscope.report import print_stats

        print_stats(groups, by, top, out_console(), lang=lang or locale_language())
    if note:  # on stderr, so that --json stays one document
        err_console().print(note, style="dim", markup=False, highlight=False)


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: stdout).", show_default=False),
    ] = None,
    per: Annotated[
        str, typer.Option("--per", help="CSV rows: one per article, or one per finding.")
    ] = "article",
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only articles matching this search.")
    ] = None,
    db: DbOption = None,
    language: LanguageF = None,
    source: SourceF = None,
    date_from: FromF = None,
    date_to: ToF = None,
    technique: TechniqueF = None,
    category: CategoryF = None,
    genre: GenreF = None,
    frame: FrameF = None,
) -> None:
    """Export stored analyses: JSONL (one Analysis document per line) or CSV."""
    from spinscope.export import CSV_UNITS, EXPORT_FORMATS, export_analyses

    if format not in EXPORT_FORMATS:
        fail(f"unknown export format {format!r}; choose {' or '.join(EXPORT_FORMATS)}")
    if per not in CSV_UNITS:
        fail(f"--per must be {' or '.join(CSV_UNITS)}")
    filters = build_filters(
        language=language,
        source=source,
        date_from=date_from,
        date_to=date_to,
        technique=technique,
        category=category,
        genre=genre,
        frame=frame,
    )
    store = open_cli_store(db)
    try:
        try:
            total = store.search(query, filters, limit=0).total
        except ValueError as exc:
            fail(str(exc))
        analyses = store.iter_analyses(query, filters)
        if out is None:
            export_analyses(analyses, sys.stdout, format, per)
            return
        from tqdm import tqdm

        try:
            with open(out, "w", encoding="utf-8", newline="") as stream:
                bar = tqdm(
                    analyses,
                    total=total,
                    unit="article",
                    file=sys.stderr,
                    disable=not sys.stderr.isatty(),
                )
                written = export_analyses(bar, stream, format, per)
        except OSError as exc:
            fail(f"{out}: cannot write ({exc.strerror or exc})")
    finally:
        store.close()
    err_console().print(f"wrote {written} rows to {out}", markup=False)


@app.command()
def schema(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to this file instead of stdout.", show_default=False
        ),
    ] = None,
) -> None:
    """Print the JSON Schema of the Analysis document (CLI, store, API and exports use it)."""
    from spinscope.schema import schema_text

    text = schema_text()
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def taxonomy(
    lang: TableLangOption = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the taxonomy as JSON (both languages).")
    ] = False,
) -> None:
    """The 23 techniques by category, the 14 frames and the 3 genres.

    Names, codes, definitions and examples, in English or French."""
    if json_out:
        from spinscope.web.labels import taxonomy_document

        print_json(taxonomy_document())
        return
    from spinscope.glossary import print_glossary

    print_glossary(out_console(), lang=lang or locale_language())


@app.command()
def demo(
    db: DbOption = None,
    only: OnlyOption = None,
    skip: SkipOption = None,
) -> None:
    """Ingest the bundled samples and seeds, print one seed's report, then search.

    The seeds are read from ../shared/samples/seeds next to the repository when
    that folder exists.
    """
    from spinscope.report import print_report, print_search

    sources = [str(p) for p in demo_sources()]
    if not sources:
        fail("no sample articles found (expected a samples/ folder in the repository)")
    if not only and not skip:
        skip = unavailable_stages()
        for name, reason in skip.items():
            err_console().print(f"note: stage {name!r} left out: {reason}", markup=False)
        skip = list(skip)
    only_list, skip_list = check_stages(only, skip)
    console = out_console()
    console.print(f"Ingesting {', '.join(sources)}", markup=False, highlight=False)
    store = open_cli_store(db)
    try:
        summary = run_ingest(
            store, sources, only_list, skip_list, "auto", False, sys.stderr.isatty()
        )
        console.print(summary.line(store.path))
        shown = _demo_article(store)
        if shown is not None:
            console.rule("Report of one stored article")
            print_report(shown, console)
            query = "syrie" if SEEDS.is_dir() else "bruxelles OR brussels"
            console.rule(f"spinscope search {query!r}")
            print_search(store.search(query, limit=5), query, console, lang=locale_language())
            _demo_stories(store, console)
            console.print(
                f"Next: spinscope show {shown.article.id[:8]} --explain · "
                f"spinscope related {shown.article.id[:8]} · "
                "spinscope search QUERY · spinscope export --format csv",
                markup=False,
                highlight=False,
            )
    finally:
        store.close()
    if summary.failed:
        raise typer.Exit(1)


def _demo_stories(store: SQLiteStore, console) -> None:
    """The stored articles grouped into stories, each outlet's telling side by side."""
    from spinscope.stories.grouping import group_stories
    from spinscope.stories.index import StoryIndex
    from spinscope.stories.output import print_stories
    from spinscope.stories.profile import load_profiles

    console.rule("spinscope stories")
    index = StoryIndex(load_profiles(store.iter_analyses()))
    lang = locale_language()
    found = group_stories(index, lang=lang)
    print_stories(found[:3], len(found), len(index), console, lang=lang)


def unavailable_stages() -> dict[str, str]:
    """Stages whose module cannot be loaded here, with the reason."""
    from spinscope.pipeline import STAGES, load_stage

    missing = {}
    for name in STAGES:
        try:
            load_stage(name)
        except (ImportError, AttributeError) as exc:
            missing[name] = f"{type(exc).__name__}: {exc}"
    return missing


def demo_sources() -> list[Path]:
    """The repository's samples/ folder, then the seeds if they sit next to the repo."""
    candidates = [REPO / "samples", Path(__file__).resolve().parent / "data" / "samples", SEEDS]
    return [p for p in candidates if p.is_dir()]


def _demo_article(store: SQLiteStore) -> Analysis | None:
    """A seed article when the seeds were ingested, else the first stored sample."""
    if SEEDS.is_dir():
        from spinscope.ingest import ReadError, read

        for item in read([str(SEEDS)]):
            if not isinstance(item, ReadError):
                found = store.get(item.id)
                if found is not None:
                    return found
    for analysis in store.iter_analyses():
        return analysis
    return None


# -------------------------------------------------------------- extensions


def register_extensions(target: typer.Typer, modules: list[str] = COMMAND_MODULES) -> list[str]:
    """Let other areas add commands; returns the modules that registered."""
    registered = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and (name == exc.name or name.startswith(exc.name + ".")):
                continue  # that area has no commands (yet)
            raise
        module.register(target)
        registered.append(name)
    return registered


register_extensions(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
