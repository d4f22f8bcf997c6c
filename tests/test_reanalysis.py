"""After an upgrade, stored findings from other models are found and analysed again.

A rule stage's version is its module's ``MODEL``; patching it is what a release that
changes the rules does, so these tests run the real stages on a real store.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spinscope.cli import app
from spinscope.extract import dates, quotes
from spinscope.persuasion.identity import fingerprint, installed_identity
from spinscope.persuasion.model import MODELS_DIR
from spinscope.store import open_store

TEXT = (
    "Le ministre à Paris\n\n"
    "Le 3 mars 2021, le ministre Jean Castex a parlé à Paris devant la presse.\n\n"
    "Selon lui, « la crise est finie », a-t-il dit à Lyon le lendemain.\n"
)
runner = CliRunner()


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def spinscope(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_identity_follows_the_deciding_files_not_the_card(tmp_path: Path):
    (tmp_path / "decisions.json").write_text(json.dumps({"version": "persuasion-2026-01-01"}))
    (tmp_path / "genre.npz").write_bytes(b"weights")
    (tmp_path / "card.json").write_text("{}")
    (tmp_path / "MODEL_CARD.md").write_text("# card")
    before = installed_identity(tmp_path)
    assert before == f"persuasion-2026-01-01+{fingerprint(tmp_path)}"
    assert len(before.split("+")[1]) == 8
    (tmp_path / "card.json").write_text('{"figures": 1}')
    (tmp_path / "MODEL_CARD.md").write_text("# other card")
    assert installed_identity(tmp_path) == before
    (tmp_path / "genre.npz").write_bytes(b"retrained weights")  # same version, other model
    assert installed_identity(tmp_path) != before


def test_ingest_redoes_an_article_stored_from_another_rule_version(
    article: Path, tmp_path: Path, monkeypatch
):
    db = str(tmp_path / "store.db")
    spinscope("ingest", str(article), "--db", db, "--only", "dates")
    assert "1 duplicates" in spinscope("ingest", str(article), "--db", db, "--only", "dates")
    monkeypatch.setattr(dates, "MODEL", "rules+dateparser-next")
    line = " ".join(spinscope("ingest", str(article), "--db", db, "--only", "dates").split())
    assert "re-analysed 1 (1 stored from other models) · 0 duplicates" in line
    with open_store(db) as store:
        (stored,) = store.iter_analyses()
        assert store.models_of(stored.article.id)["dates"] == "rules+dateparser-next"
    assert stored.dates


def test_reanalyse_redoes_outdated_stages_and_keeps_the_others(
    article: Path, tmp_path: Path, monkeypatch
):
    db = str(tmp_path / "store.db")
    spinscope("ingest", str(article), "--db", db, "--only", "dates,quotes")
    with open_store(db) as store:
        (first,) = store.iter_analyses()
    assert first.quotes and first.dates
    assert "every stage checked is up to date" in spinscope("reanalyse", "--db", db)

    monkeypatch.setattr(quotes, "MODEL", "rules:quotes-next")
    plan = spinscope("reanalyse", "--db", db, "--dry-run")
    assert "1 of 1 stored articles to analyse again" in plan
    assert f"quotes: 1 from {first.models['quotes']} → rules:quotes-next" in plan
    assert "dates:" not in plan
    with open_store(db) as store:  # a dry run changes nothing
        assert store.models_of(first.article.id)["quotes"] == first.models["quotes"]
    shown = runner.invoke(app, ["show", first.article.id, "--db", db])
    assert "quotes: from other models than the installed ones" in shown.stderr

    assert "re-analysed 1 · 0 failed" in spinscope("reanalyse", "--db", db, "--no-progress")
    with open_store(db) as store:
        (after,) = store.iter_analyses()
    assert after.models["quotes"] == "rules:quotes-next"
    assert {q.model for q in after.quotes} == {"rules:quotes-next"}
    assert [q.model_copy(update={"model": None}) for q in after.quotes] == [
        q.model_copy(update={"model": None}) for q in first.quotes
    ]
    assert after.dates == first.dates
    assert after.stages == first.stages
    assert "up to date" in spinscope("reanalyse", "--db", db)
    assert "other models" not in runner.invoke(app, ["show", first.article.id, "--db", db]).stderr
    forced = spinscope("reanalyse", "--db", db, "--all", "--only", "dates", "--dry-run")
    assert f"dates: 1 from {first.models['dates']}" in forced and "quotes:" not in forced


def test_stats_says_when_its_rates_mix_other_models(tmp_path: Path):
    from conftest import build_analysis

    db = str(tmp_path / "store.db")
    analysis = build_analysis(["Un paragraphe."], stages=("language", "segment", "techniques"))
    analysis.models["techniques"] = "persuasion-2000-01-01"
    with open_store(db) as store:
        store.put(analysis)
    result = runner.invoke(app, ["stats", "--db", db, "--json"])
    assert result.exit_code == 0
    assert "techniques of 1 of 1 stored articles come from other models" in result.stderr
    assert json.loads(result.stdout)  # the note stays out of the JSON


@pytest.mark.skipif(
    not (MODELS_DIR / "decisions.json").is_file(), reason="persuasion models not trained"
)
def test_reanalyse_reruns_the_persuasion_stages_of_an_older_model(article: Path, tmp_path: Path):
    db = str(tmp_path / "store.db")
    spinscope("ingest", str(article), "--db", db, "--only", "techniques,genre")
    with open_store(db) as store:
        (fresh,) = store.iter_analyses()
        assert fresh.models["techniques"] == installed_identity()
        # as an older release stored it: other model, other findings
        older = fresh.model_copy(
            update={
                "models": {**fresh.models, "techniques": "persuasion-2000-01-01"},
                "paragraph_techniques": [],
                "techniques": [],
            }
        )
        store.put(older)
    plan = spinscope("reanalyse", "--db", db, "--dry-run")
    assert f"techniques: 1 from persuasion-2000-01-01 → {installed_identity()}" in plan
    assert "genre:" not in plan
    spinscope("reanalyse", "--db", db, "--no-progress")
    with open_store(db) as store:
        (after,) = store.iter_analyses()
    assert after.paragraph_techniques == fresh.paragraph_techniques
    assert after.techniques == fresh.techniques and after.genre == fresh.genre
    assert after.models == fresh.models


def test_without_persuasion_models_ingest_fails_per_article_and_reanalyse_says_so(
    article: Path, tmp_path: Path, monkeypatch
):
    """No models installed: each article fails in one line, as before versions were checked,
    and reanalyse names the stages it could not check instead of calling them up to date."""
    from spinscope.persuasion import identity, model

    for module in (identity, model):
        monkeypatch.setattr(module, "MODELS_DIR", tmp_path / "no-models")
    monkeypatch.setattr(identity, "_in_use", None)
    monkeypatch.setattr(model, "_loaded", None)
    db = str(tmp_path / "store.db")
    result = runner.invoke(
        app, ["ingest", str(article), "--db", db, "--only", "techniques", "--no-progress"]
    )
    assert result.exit_code == 1
    assert "analysis failed: FileNotFoundError" in " ".join(result.output.split())
    spinscope("ingest", str(article), "--db", db, "--only", "dates")
    plan = spinscope("reanalyse", "--db", db, "--dry-run")
    assert "not checked (no models installed for them): techniques, genre, frames" in plan
