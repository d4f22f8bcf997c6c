"""Genre read paragraph by paragraph, then averaged over the article.

The article head sees one row per article: the mean and maximum of all its
sentence vectors, where a long piece's topic drowns its tone. This head
reads every body paragraph on its own (its mean sentence vector and the
language), learns from each paragraph labelled with its article's genre
(weighted so that every article, and every genre, counts equally), and gives an
article the mean of its paragraphs' probabilities: a multiple-instance view of
the same vectors. Averaged with the article head it raised cross-validated
genre macro-F1 over all languages on each of four fold splits tried, though not
French's on average, and lowered it on languages held out, so a language without
training data does without it (``benchmarks/results/genre_views.md``).

Rows may also end with each paragraph's technique scores (dense loaded language
means opinion in the training data). The shipped head does not read them: over
four fold splits that was higher on two and lower on two, and lower on average
(macro-F1 0.6687 against 0.6712; ``benchmarks/bench_genre_views.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from spinscope.persuasion.features import ParagraphInput, language_one_hot
from spinscope.persuasion.heads import DenseHead, fit_linear
from spinscope.persuasion.taxonomy import GENRE_NAMES

# The paragraph head's share of the vector view, chosen in training with the
# article head's C and the n-gram weight (0: the article head alone).
PARAGRAPH_SHARES = (0.0, 0.5)


def has_genre_row(paragraph: ParagraphInput) -> bool:
    """Whether ``paragraph_rows`` gives the paragraph a row: a body paragraph with sentences."""
    return not paragraph.is_title and len(paragraph.sentence_vectors) > 0


def paragraph_rows(
    paragraphs: Sequence[ParagraphInput],
    language: str | None,
    technique_scores: np.ndarray | None = None,
) -> np.ndarray:
    """One row per body paragraph with sentences: its mean sentence vector and the
    language, then its technique scores (``technique_scores[i]`` is paragraph ``i``'s)
    when they are given."""
    lang = language_one_hot(language)
    if technique_scores is not None and len(technique_scores) != len(paragraphs):
        raise ValueError(
            f"{len(technique_scores)} rows of technique scores for {len(paragraphs)} paragraphs"
        )
    rows = [
        np.concatenate(
            [p.sentence_vectors.mean(0), lang]
            + ([technique_scores[i]] if technique_scores is not None else [])
        )
        for i, p in enumerate(paragraphs)
        if has_genre_row(p)
    ]
    if not rows:
        return np.zeros((0, 0), np.float32)
    return np.stack(rows).astype(np.float32)


def fit_paragraph_genre_head(rows: Sequence[np.ndarray], y: np.ndarray, c: float) -> DenseHead:
    """Multinomial head on paragraphs; ``rows[i]`` are article ``i``'s, ``y[i]`` its genre.

    An article's paragraphs share a weight of one, times its genre's balancing
    weight (the metric is macro-F1), so long articles do not outvote short ones.
    """
    kept = [i for i, r in enumerate(rows) if len(r)]
    counts = np.bincount(y[kept], minlength=len(GENRE_NAMES))
    genre_weight = len(kept) / (np.count_nonzero(counts) * np.maximum(counts, 1))
    features = np.concatenate([rows[i] for i in kept])
    targets = np.concatenate([np.full(len(rows[i]), y[i]) for i in kept])
    weights = np.concatenate(
        [np.full(len(rows[i]), genre_weight[y[i]] / len(rows[i])) for i in kept]
    )
    return fit_linear(
        features,
        targets,
        GENRE_NAMES,
        c=c,
        single_label=True,
        sample_weight=weights * len(weights) / weights.sum(),
    )


def article_genre_probabilities(
    head: DenseHead, rows: Sequence[np.ndarray], fallback: np.ndarray
) -> np.ndarray:
    """(n_articles, n_genres): the mean of each article's paragraph probabilities;
    an article without a body paragraph keeps its ``fallback`` row (the article head's)."""
    return np.stack(
        [
            head.predict_proba(r).mean(0) if len(r) else f
            for r, f in zip(rows, fallback, strict=True)
        ]
    )
