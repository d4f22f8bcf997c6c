"""Analysing a stored article again with some stages keeps what the other stages found."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import build_analysis
from spinscope.article import Analysis
from spinscope.cli import app
from spinscope.stage_results import STAGE_FIELDS, keep_other_stages
from spinscope.store import open_store

TEXT = (
    "Le ministre à Paris\n\n"
    "Le 3 mars 2021, le ministre Jean Castex a parlé à Paris devant la presse.\n\n"
    "Selon lui, « la crise est finie », a-t-il dit à Lyon le lendemain.\n"
)


def test_every_field_a_stage_writes_is_carried():
    """A new Analysis field must say which stage writes it, or re-analysis would drop it."""
    carried = {f for fields in STAGE_FIELDS.values() for f in fields}
    own = {"schema_version", "article", "stages", "models"}
    assert set(Analysis.model_fields) - own == carried


def test_stored_results_are_not_kept_when_the_article_reads_differently():
    stored = build_analysis(["Un.", "Deux."], stages=("language", "segment", "dates"))
    new = build_analysis(["Un. Deux."], stages=("language", "segment", "quotes"))
    assert keep_other_stages(new, stored) is None
    same = build_analysis(["Un.", "Deux."], stages=("language", "segment", "quotes"))
    merged = keep_other_stages(same, stored)
    assert merged.stages == ["language", "segment", "dates", "quotes"]


def test_ingesting_one_stage_again_keeps_the_others(tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "store.db"
    runner = CliRunner()

    def ingest(*options: str) -> None:
        result = runner.invoke(app, ["ingest", str(article), "--db", str(db), *options])
        assert result.exit_code == 0, result.output

    ingest("--only", "entities,dates")
    with open_store(db) as store:
        (first,) = store.iter_analyses()
    assert first.entities and first.dates
    ingest("--only", "quotes")  # a stage not stored yet: analysed again, nothing lost
    ingest("--only", "dates", "--reanalyse")
    with open_store(db) as store:
        (after,) = store.iter_analyses()
    assert after.stages == ["language", "segment", "entities", "dates", "quotes"]
    assert after.entities == first.entities and after.dates == first.dates and after.quotes
    assert set(after.models) >= {"entities", "dates", "quotes"}
