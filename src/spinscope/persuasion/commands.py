"""CLI commands of the persuasion models: ``train``, ``evaluate``, ``predict``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataOption = Annotated[
    Path,
    typer.Option(
        "--data", help="SemEval-2023 Task 3 data folder (official layout) or one language folder"
    ),
]
LanguagesOption = Annotated[
    list[str] | None,
    typer.Option("--language", "-l", help="language folder(s) to use (repeatable); default all"),
]
CacheOption = Annotated[
    Path,
    typer.Option("--cache", help="SQLite file caching sentence vectors (never embed twice)"),
]
DEFAULT_CACHE = Path(".cache/embeddings.sqlite")


def _encoder(cache: Path):
    from spinscope.persuasion.encoder import Encoder, VectorCache

    return Encoder(VectorCache(cache))


def _bar(desc: str):
    from tqdm import tqdm

    return tqdm(desc=desc, unit="sentence", disable=None)


def train(
    data: DataOption,
    out: Annotated[
        Path | None, typer.Option(help="where to write the artefacts; default: inside the package")
    ] = None,
    language: LanguagesOption = None,
    cache: CacheOption = DEFAULT_CACHE,
    seeds: Annotated[int, typer.Option(help="MLPs in the technique ensemble")] = 2,
    tokens: Annotated[
        Path,
        typer.Option(
            help="folder keeping each training sentence's token states for the attention "
            "head (~1.1 GB for the full data; reused by the next run)"
        ),
    ] = Path(".cache/token_states"),
    dump: Annotated[
        Path | None, typer.Option(help="also write out-of-fold arrays here (diagnostics)")
    ] = None,
    max_articles: Annotated[
        int | None, typer.Option(help="use only the first N articles per language (quick runs)")
    ] = None,
    only_phrases: Annotated[
        bool,
        typer.Option(
            "--only-phrases",
            help="retrain only the phrase locator into the model already in --out (the "
            "other heads kept; same result as a full run, in a fraction of the time)",
        ),
    ] = False,
    only_article_heads: Annotated[
        bool,
        typer.Option(
            "--only-article-heads",
            help="retrain only the article heads (genre and frames) and the rule for a "
            "language without training data into the model already in --out, from the "
            "out-of-fold technique scores a full run left in --dump (same result as a full "
            "run, in minutes)",
        ),
    ] = False,
) -> None:
    """Rebuild every shipped persuasion artefact from the train split (fixed seeds)."""
    from spinscope.persuasion.model import MODELS_DIR
    from spinscope.persuasion.semeval import SemEvalFormatError
    from spinscope.persuasion.training import TrainConfig
    from spinscope.persuasion.training import train as run_training

    bar = _bar("embedding")

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    config = TrainConfig(
        seeds=tuple(range(seeds)),
        max_articles=max_articles,
        dump_dir=dump,
        tokens_dir=tokens,
        only_phrases=only_phrases,
        only_article_heads=only_article_heads,
    )
    try:
        run_training(
            data,
            out or MODELS_DIR,
            _encoder(cache),
            languages=language,
            config=config,
            progress=progress,
            log=lambda line: typer.echo(line, err=True),
        )
    except (SemEvalFormatError, ValueError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        bar.close()


def evaluate(
    data: DataOption,
    split: Annotated[str, typer.Option(help="split name, e.g. train, dev, test")] = "dev",
    language: LanguagesOption = None,
    cache: CacheOption = DEFAULT_CACHE,
    models: Annotated[Path | None, typer.Option(help="model folder; default: shipped")] = None,
    per_label: Annotated[
        bool,
        typer.Option(
            "--per-label",
            help="also each technique's, frame's and genre's gold and predicted counts, "
            "precision, recall and F1 (over all languages, or the one asked for)",
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="print every figure, per language and label, as JSON")
    ] = False,
) -> None:
    """Official metrics per language and overall; how often a flag of each score was right.

    Each table is printed for whatever gold files the split holds.
    """
    import json

    from rich.console import Console

    from spinscope.persuasion.evaluate_output import (
        INTERVAL_NOTE,
        PHRASES_NOTE,
        RELIABILITY_NOTE,
        per_label_tables,
        phrases_table,
        reliability_table,
        scores_json,
        scores_table,
    )
    from spinscope.persuasion.predict import score_split

    rows = score_split(_predict(data, split, language, cache, models))
    if as_json:
        typer.echo(json.dumps(scores_json(rows), indent=2))
        return
    console = Console()
    console.print(scores_table(rows, f"spinscope evaluate — {data} / {split}"))
    typer.echo(INTERVAL_NOTE)
    phrases = phrases_table(rows)
    if phrases is not None:
        console.print(phrases)
        typer.echo(PHRASES_NOTE)
    reliability = reliability_table(rows)
    if reliability is not None:
        console.print(reliability)
        typer.echo(RELIABILITY_NOTE)
    if per_label and rows:
        for table in per_label_tables(rows[-1]):  # "all" comes last, or the one language
            console.print(table)


def predict(
    data: DataOption,
    out: Annotated[Path, typer.Option(help="prediction file to write (official format)")],
    split: Annotated[str, typer.Option(help="split name, e.g. dev, test")] = "dev",
    subtask: Annotated[int, typer.Option(help="1 genre, 2 frames, 3 techniques")] = 3,
    language: LanguagesOption = None,
    cache: CacheOption = DEFAULT_CACHE,
    models: Annotated[Path | None, typer.Option(help="model folder; default: shipped")] = None,
    spans: Annotated[
        Path | None,
        typer.Option(
            help="also write where each predicted technique is, one ID<TAB>TECHNIQUE<TAB>"
            "START<TAB>END line per phrase (offsets into the article file), to this file"
        ),
    ] = None,
) -> None:
    """Write predictions in the official format (subtask 3: ID<TAB>LINE<TAB>L1,L2)."""
    from spinscope.persuasion.semeval import (
        write_frames,
        write_genres,
        write_spans,
        write_techniques,
    )

    if subtask not in (1, 2, 3):
        typer.echo(f"error: --subtask must be 1, 2 or 3, not {subtask}", err=True)
        raise typer.Exit(2)
    if spans is not None and subtask != 3:
        typer.echo("error: --spans goes with --subtask 3 (techniques)", err=True)
        raise typer.Exit(2)
    predictions = _predict(data, split, language, cache, models, phrases=spans is not None)
    targets = {
        1: lambda: write_genres(out, _only(predictions, 1, predictions.genres)),
        2: lambda: write_frames(out, _only(predictions, 2, predictions.frames)),
        3: lambda: write_techniques(out, predictions.techniques),
    }
    path = targets[subtask]()
    typer.echo(f"wrote {path}", err=True)
    if spans is not None and predictions.spans is not None:
        typer.echo(f"wrote {write_spans(spans, predictions.spans)}", err=True)


def _only(predictions, subtask: int, table: dict) -> dict:
    """Keep the articles the split lists for that subtask (all when it lists none)."""
    wanted = {a.id for part in predictions.split.parts.values() for a in part.articles_for(subtask)}
    return {k: v for k, v in table.items() if not wanted or k in wanted}


def _predict(
    data: Path,
    split: str,
    language,
    cache: Path,
    models: Path | None,
    phrases: bool | None = None,
):
    """The split's predictions (``phrases``: also where each technique is; by default
    when the split has gold span files, so ``evaluate`` can score them)."""
    from spinscope.persuasion.model import PersuasionModel, shared_model
    from spinscope.persuasion.predict import predict_split
    from spinscope.persuasion.semeval import SemEvalFormatError

    bar = _bar("embedding")
    try:
        model = PersuasionModel.load(models) if models else shared_model()
        return predict_split(
            data,
            split,
            language,
            model=model,
            encoder=_encoder(cache),
            progress=bar.update,
            phrases=phrases,
        )
    except (SemEvalFormatError, FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        bar.close()


def register(app: typer.Typer) -> None:
    app.command("train")(train)
    app.command("evaluate")(evaluate)
    app.command("predict")(predict)
