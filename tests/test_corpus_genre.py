"""Ingest reads the genre of a language without training data on the stored corpus's centre.

Real ingest into a real SQLite store, with the shipped models; the centring floor is
lowered so three short Spanish articles make a corpus.
"""

from __future__ import annotations

import csv
import io

import httpx
import numpy as np
import pytest
from typer.testing import CliRunner

import spinscope.persuasion.corpus_genre as corpus_genre
import spinscope.persuasion.model as model_module
from spinscope.cli import app
from spinscope.persuasion.corpus_genre import put_with_corpus_genre
from spinscope.persuasion.features import article_features
from spinscope.persuasion.held_out import VECTOR_COLUMNS
from spinscope.persuasion.model import MODELS_DIR, shared_model
from spinscope.persuasion.stages import vector_inputs
from spinscope.pipeline import analyze
from spinscope.store import open_store
from web_fixtures import running_server

pytestmark = pytest.mark.skipif(
    not (MODELS_DIR / "decisions.json").is_file(), reason="persuasion models not trained"
)

SPANISH = [
    "El Gobierno aprueba la reforma\n\nEl Consejo de Ministros aprobó el martes la reforma "
    "de las pensiones. La medida entrará en vigor en enero.\n\nLos sindicatos anunciaron que "
    "estudiarán el texto antes de pronunciarse.",
    "¡Basta ya de mentiras!\n\nOtra vez nos toman por tontos. Los de siempre nos roban y "
    "encima se ríen de nosotros.\n\n¿Hasta cuándo vamos a aguantar a esta casta de "
    "corruptos?",
    "Un ministro jura que el sol saldrá por el oeste\n\nEn una rueda de prensa histórica, el "
    "ministro de Astronomía prometió cambiar la dirección del sol antes de las elecciones."
    "\n\nLos gallos ya han pedido explicaciones.",
]
FRENCH = (
    "Bruxelles impose encore sa loi\n\nLes eurocrates ont encore frappé. Mardi, la "
    "Commission a adopté un pacte que personne n'a demandé.\n\nLes familles paieront."
)


@pytest.fixture
def small_floor(monkeypatch):
    monkeypatch.setattr(model_module, "MIN_CENTRE_ARTICLES", 3)
    monkeypatch.setattr(corpus_genre, "MIN_CENTRE_ARTICLES", 3)


def _ingest(folder, db):
    result = CliRunner().invoke(
        app,
        ["ingest", str(folder), "--only", "genre", "--db", str(db), "--no-progress"],
        env={"COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.output
    return result.output


def _write(folder, texts, language):
    folder.mkdir(exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"{language}{i}.txt").write_text(text, encoding="utf-8")


def test_ingest_reads_a_new_language_on_its_corpus(small_floor, tmp_path):
    folder, db = tmp_path / "corpus", tmp_path / "store.db"
    _write(folder, SPANISH[:2], "es")
    _write(folder, [FRENCH], "fr")
    first = _ingest(folder, db)
    assert "read on their centre" not in first  # two Spanish articles: below the floor
    with open_store(db) as store:
        alone = {a.article.id: a for a in store.iter_analyses()}
    assert all(a.genre_centre_articles is None for a in alone.values())

    _write(folder, SPANISH[2:], "es")
    second = _ingest(folder, db)
    assert "genre of 3 es articles read on their centre" in second
    model = shared_model()
    with open_store(db) as store:
        stored = list(store.iter_analyses())
    spanish = [a for a in stored if a.article.language == "es"]
    french = [a for a in stored if a.article.language == "fr"]
    assert len(spanish) == 3 and len(french) == 1
    assert french[0].genre_centre_articles is None
    assert french[0].genre_scores == alone[french[0].article.id].genre_scores

    inputs = [vector_inputs(a.article) for a in spanish]
    centre = np.mean([article_features(i, "es")[VECTOR_COLUMNS] for i in inputs], axis=0)
    for analysis, paragraphs in zip(spanish, inputs, strict=True):
        assert analysis.genre_centre_articles == 3
        expected = model.centred_genre_scores(paragraphs, "es", centre.astype(np.float32))
        got = {s.label: s.score for s in analysis.genre_scores}
        for label, p in zip(model.genre_head.labels, expected, strict=True):
            assert got[label] == pytest.approx(float(p), abs=1e-4)
        assert analysis.genre.label == max(got, key=got.__getitem__)
    # the article analysed alone reads otherwise: the centre is what changed it
    single = alone.get(spanish[0].article.id) or analyze(spanish[0].article, only=["genre"])
    assert single.genre_scores != spanish[0].genre_scores


def test_the_report_and_the_page_say_the_genre_was_read_on_the_corpus(small_floor, tmp_path):
    folder, db = tmp_path / "corpus", tmp_path / "store.db"
    _write(folder, SPANISH, "es")
    _ingest(folder, db)
    with open_store(db) as store:
        article_id = next(iter(store.iter_analyses())).article.id
    shown = CliRunner().invoke(
        app,
        ["show", article_id, "--db", str(db), "--lang", "fr"],
        env={"COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert shown.exit_code == 0, shown.output
    assert "lu par rapport à 3 articles stockés dans sa langue" in shown.output
    exported = CliRunner().invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.output)))
    assert len(rows) == 3 and {r["genre_centre_articles"] for r in rows} == {"3"}
    with running_server(db, "--stages", "segment") as base:
        page = httpx.get(
            f"{base}/articles/{article_id}",
            headers={"Accept": "text/html", "Accept-Language": "fr"},
            timeout=30,
        )
    assert page.status_code == 200
    assert "lu par rapport à 3 articles stockés dans sa langue" in page.text


def test_an_article_stored_alone_joins_its_corpus_centre(small_floor, tmp_path):
    """The web's routes store one article at a time: it is read on the stored corpus too."""
    analyses = [analyze(text, only=["genre"]) for text in SPANISH]
    with open_store(tmp_path / "store.db") as store:
        for analysis in analyses[:2]:
            created, stored = put_with_corpus_genre(store, analysis)
            assert created and stored.genre_centre_articles is None
        created, stored = put_with_corpus_genre(store, analyses[2])
        assert created and stored.genre_centre_articles == 3
        assert stored.genre_scores != analyses[2].genre_scores
        assert {a.genre_centre_articles for a in store.iter_analyses()} == {3}
