"""A title kept apart from the body is scored and explained like a paragraph (shipped models).

Half the SemEval-2023 titles carry a technique; a text or web page's reader keeps the
title out of the body, and its findings must not be lost for that.
"""

from __future__ import annotations

import csv
import io

import pytest

from spinscope.persuasion.model import MODELS_DIR

pytestmark = pytest.mark.skipif(
    not (MODELS_DIR / "decisions.json").is_file(), reason="persuasion models not trained"
)

# Written for this test: a headline of labels and loaded words over a flat wire text.
TITLE = "Accusations CHOCS de Moscou : les criminels de l'OTAN massacrent des civils !"
BODY = (
    "Le ministère russe de la Défense a publié jeudi un communiqué. Il affirme que des "
    "frappes ont touché un dépôt.\n\nLes autorités ukrainiennes n'ont pas commenté."
)


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    from spinscope.ingest import article_from_text
    from spinscope.persuasion.encoder import VectorCache, set_default_cache
    from spinscope.pipeline import analyze

    set_default_cache(VectorCache(tmp_path_factory.mktemp("cache") / "vectors.sqlite"))
    article = article_from_text(BODY, title="  " + TITLE, language="fr")
    result = analyze(article, only=["techniques"])
    set_default_cache(None)
    return result


def test_the_title_is_flagged_at_its_phrases(analysis) -> None:
    found = analysis.title_techniques
    assert {"Loaded_Language", "Name_Calling-Labeling"} <= {f.technique for f in found}
    for f in found:
        # offsets into the title as stored, leading spaces included
        assert analysis.article.title[f.start : f.end] == f.text and f.text.strip()
        assert f.category and f.definition and f.model == analysis.models["techniques"]
        assert 0.0 <= f.phrase_score <= 1.0
    labelled = {f.text for f in found if f.technique == "Name_Calling-Labeling"}
    assert "criminels" in " ".join(labelled)
    # the body's findings stay in the body
    assert all(f.end <= len(analysis.article.body) for f in analysis.techniques)
    labels = analysis.title_labels()
    assert labels == sorted(labels, key=lambda ls: -ls.score)


def test_a_semeval_title_stays_its_first_paragraph(tmp_path) -> None:
    from spinscope.ingest import read
    from spinscope.pipeline import analyze

    folder = tmp_path / "fr" / "dev-articles-subtask-3"
    folder.mkdir(parents=True)
    (folder / "article999.txt").write_text(f"{TITLE}\n\n{BODY}\n", encoding="utf-8")
    article = next(iter(read(folder / "article999.txt", format="semeval")))
    result = analyze(article, only=["techniques"])
    assert result.title_techniques == []
    first = result.paragraph_techniques[0]
    assert {"Loaded_Language"} <= {ls.label for ls in first.labels}


def test_report_and_csv_show_the_title_findings(analysis) -> None:
    from rich.console import Console

    from spinscope.export import write_csv
    from spinscope.report import report

    console = Console(width=200, record=True)
    console.print(report(analysis, explain=True, lang="fr"))
    lines = [line.rstrip() for line in console.export_text().splitlines()]
    assert "Titre" in lines and "¶1" in lines and lines.index("Titre") < lines.index("¶1")
    assert any("«\u00a0criminels" in line for line in lines)
    out = io.StringIO()
    write_csv([analysis], out, per="finding")
    rows = [r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["paragraph"] == "title"]
    assert {r["phrase"] for r in rows} == {f.text for f in analysis.title_techniques}
    out = io.StringIO()
    write_csv([analysis], out)
    assert (
        "Loaded_Language=" in next(csv.DictReader(io.StringIO(out.getvalue())))["title_techniques"]
    )
