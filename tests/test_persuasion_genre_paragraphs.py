"""The paragraph-by-paragraph genre head: its rows, its weighting, its article average."""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.features import KNOWN_LANGUAGES, ParagraphInput
from spinscope.persuasion.genre_paragraphs import (
    article_genre_probabilities,
    fit_paragraph_genre_head,
    paragraph_rows,
)
from spinscope.persuasion.taxonomy import GENRE_NAMES


def _paragraph(vectors: np.ndarray, is_title: bool = False) -> ParagraphInput:
    return ParagraphInput(text="x", sentence_vectors=vectors.astype(np.float32), is_title=is_title)


def test_rows_are_body_paragraphs_with_sentences_mean_vector_and_language() -> None:
    rng = np.random.default_rng(0)
    body = rng.normal(size=(3, DIM))
    paragraphs = [
        _paragraph(rng.normal(size=(1, DIM)), is_title=True),
        _paragraph(body),
        _paragraph(np.zeros((0, DIM))),
    ]
    rows = paragraph_rows(paragraphs, "fr")
    assert rows.shape == (1, DIM + len(KNOWN_LANGUAGES))
    assert np.allclose(rows[0, :DIM], body.mean(0), atol=1e-6)
    assert rows[0, DIM + KNOWN_LANGUAGES.index("fr")] == 1.0
    assert paragraph_rows(paragraphs[:1], "fr").shape[0] == 0  # a title alone: no rows


def test_rows_can_end_with_each_paragraphs_own_technique_scores() -> None:
    """The scores row of paragraph i goes with paragraph i, the title's row is dropped."""
    rng = np.random.default_rng(3)
    paragraphs = [
        _paragraph(rng.normal(size=(1, DIM)), is_title=True),
        _paragraph(rng.normal(size=(2, DIM))),
        _paragraph(np.zeros((0, DIM))),
        _paragraph(rng.normal(size=(1, DIM))),
    ]
    scores = np.arange(4 * 5, dtype=np.float32).reshape(4, 5)
    rows = paragraph_rows(paragraphs, "fr", scores)
    plain = paragraph_rows(paragraphs, "fr")
    assert rows.shape == (2, plain.shape[1] + 5)
    assert np.array_equal(rows[:, : plain.shape[1]], plain)
    assert np.array_equal(rows[:, plain.shape[1] :], scores[[1, 3]])
    try:
        paragraph_rows(paragraphs, "fr", scores[:3])
    except ValueError as error:
        assert "3 rows of technique scores for 4 paragraphs" in str(error)
    else:
        raise AssertionError("scores for the wrong number of paragraphs were accepted")


def _cluster(rng, centre: np.ndarray, n: int) -> np.ndarray:
    return centre + 0.3 * rng.normal(size=(n, len(centre)))


def test_a_long_article_does_not_outvote_short_ones() -> None:
    """Forty paragraphs of one opinion piece weigh as much as one reporting paragraph."""
    rng = np.random.default_rng(1)
    opinion, reporting, satire = (np.eye(8)[i] * 3 for i in range(3))
    rows = [_cluster(rng, opinion, 40), _cluster(rng, reporting, 1), _cluster(rng, satire, 1)]
    head = fit_paragraph_genre_head(rows, np.array([0, 1, 2]), c=1.0)
    halfway = ((opinion + reporting) / 2)[None, :]
    p = head.predict_proba(halfway)[0]
    assert abs(p[0] - p[1]) < 0.2, p


def test_article_probability_is_the_mean_over_paragraphs_with_a_fallback() -> None:
    rng = np.random.default_rng(2)
    centres = [np.eye(8)[i] * 3 for i in range(3)]
    rows = [_cluster(rng, c, 6) for c in centres]
    head = fit_paragraph_genre_head(rows, np.arange(3), c=1.0)
    mixed = np.vstack([rows[0][:2], rows[1][:1]])
    fallback = np.array([[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]], np.float32)
    probs = article_genre_probabilities(head, [mixed, np.zeros((0, 8))], fallback)
    assert np.allclose(probs[0], head.predict_proba(mixed).mean(0))
    assert probs[0].argmax() == 0 and probs[0, 1] > probs[0, 2]
    assert np.array_equal(probs[1], fallback[1])
    assert head.labels == GENRE_NAMES
