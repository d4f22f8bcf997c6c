"""Genre on a batch of a language without training data reads it on its own centre."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.features import ParagraphInput
from spinscope.persuasion.held_out import MIN_CENTRE_ARTICLES
from spinscope.persuasion.model import MODELS_DIR, PersuasionModel

pytestmark = pytest.mark.skipif(
    not (MODELS_DIR / "decisions.json").is_file(), reason="persuasion models not trained"
)


def _article(rng: np.random.Generator, shift: np.ndarray) -> list[ParagraphInput]:
    """A title and three paragraphs of two sentences: unit vectors around ``shift``."""

    def vectors(n: int) -> np.ndarray:
        v = rng.normal(size=(n, DIM)).astype(np.float32) * 0.05 + shift
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    title = ParagraphInput("Un titre", vectors(1), is_title=True)
    return [title, *(ParagraphInput("Une phrase. Une autre.", vectors(2)) for _ in range(3))]


@pytest.fixture(scope="module")
def model() -> PersuasionModel:
    loaded = PersuasionModel.load()
    if loaded.unseen_genre_centred_head is None:
        pytest.fail("the shipped model has no centred head for new languages")
    return loaded


def test_a_batch_of_a_new_language_is_read_on_its_centre(model) -> None:
    rng = np.random.default_rng(0)
    shift = rng.normal(size=DIM).astype(np.float32) * 0.05
    batch = [_article(rng, shift) for _ in range(MIN_CENTRE_ARTICLES)]
    centre = model.genre_centre(batch, "es")
    assert centre is not None and centre.shape == (3 * DIM,)
    assert model.genre_centre(batch[:-1], "es") is None  # too few to centre on
    assert model.genre_centre(batch, "fr") is None  # a trained language keeps its heads
    scores = np.zeros((4, len(model.techniques)), np.float32)
    with_centre = model.genre_scores(batch[0], "es", scores, centre)
    alone = model.genre_scores(batch[0], "es", scores)
    assert np.isclose(with_centre.sum(), 1.0) and np.isclose(alone.sum(), 1.0)
    assert not np.allclose(with_centre, alone)
    # on a trained language a centre changes nothing
    french = model.genre_scores(batch[0], "fr", scores)
    assert np.allclose(model.genre_scores(batch[0], "fr", scores, centre), french)


def test_the_language_columns_are_the_one_hot() -> None:
    from spinscope.persuasion.features import KNOWN_LANGUAGES, article_features
    from spinscope.persuasion.held_out import LANGUAGE_COLUMNS, VECTOR_COLUMNS

    rng = np.random.default_rng(1)
    article = _article(rng, np.zeros(DIM, np.float32))
    for language in KNOWN_LANGUAGES:
        row = article_features(article, language)
        assert row[LANGUAGE_COLUMNS].tolist() == [float(x == language) for x in KNOWN_LANGUAGES]
    assert not article_features(article, "es")[LANGUAGE_COLUMNS].any()
    assert VECTOR_COLUMNS.stop < LANGUAGE_COLUMNS.start
