"""CLI commands of the extract stages: ``evaluate-extract`` and ``places``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

DEFAULT_ANNOTATIONS = Path("data/annotations/extract/paragraphs.jsonl")


def evaluate_extract(
    annotations: Annotated[
        Path, typer.Argument(help="hand-annotated paragraphs (JSONL, see GUIDELINES.md)")
    ] = DEFAULT_ANNOTATIONS,
    out: Annotated[Path | None, typer.Option(help="also write the Markdown report here")] = None,
) -> None:
    """Entity and place precision/recall on annotated paragraphs, and stage throughput."""
    from spinscope.extract.evaluation import (
        AnnotationError,
        evaluate,
        format_report,
        read_annotations,
        warm_up,
    )

    if not annotations.is_file():
        typer.echo(f"{annotations}: no such annotation file", err=True)
        raise typer.Exit(2)
    try:
        rows = read_annotations(annotations)
    except AnnotationError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    warm_up()
    text = format_report(evaluate(rows), f"spinscope evaluate-extract {annotations}")
    if out:
        out.write_text(text, encoding="utf-8")
    typer.echo(text)


def places(
    sources: Annotated[list[str], typer.Argument(help="article files, folders or URLs")],
    geojson: Annotated[
        Path | None, typer.Option("--geojson", help="write a GeoJSON FeatureCollection here")
    ] = None,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option(help="extra gazetteer file (CSV or GeoJSON); repeatable"),
    ] = None,
) -> None:
    """Geocode the places of articles; print them, or export them as GeoJSON."""
    from tqdm import tqdm

    from spinscope.article import Analysis
    from spinscope.extract.entities import entities_stage
    from spinscope.extract.gazetteer import GazetteerFileError
    from spinscope.extract.places import places_geojson, places_stage
    from spinscope.ingest import ReadError, read
    from spinscope.pipeline import load_stage

    analyses = []
    try:
        for item in tqdm(read(sources), desc="places", unit="article", disable=None):
            if isinstance(item, ReadError):
                typer.echo(str(item), err=True)
                continue
            analysis = Analysis(article=item)
            for stage in ("language", "segment"):
                load_stage(stage)(analysis)
            entities_stage(analysis)
            places_stage(analysis, gazetteer_paths=gazetteer)
            analyses.append(analysis)
    except GazetteerFileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if geojson:
        geojson.write_text(json.dumps(places_geojson(analyses), ensure_ascii=False, indent=1))
        typer.echo(f"{geojson}: {sum(len(a.places) for a in analyses)} places")
        return
    for analysis in analyses:
        typer.echo(f"# {analysis.article.title or analysis.article.origin}")
        for p in analysis.places:
            where = f"{p.latitude:.4f},{p.longitude:.4f}" if p.latitude is not None else "-"
            extra = f" candidates: {'; '.join(p.candidates)}" if p.candidates else ""
            typer.echo(
                f"{p.status:9} {p.name} [{p.country or '?'} {p.feature or ''}] {where}{extra}"
            )
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the extract commands to the spinscope CLI."""
    app.command("evaluate-extract")(evaluate_extract)
    app.command("places")(places)
