"""Each word's contextual vector: the mean of the encoder's token states over its pieces.

The phrase tagger (``phrases.py``) sees a word, its affixes and two neighbours on
each side; the encoder's token states see the word in its whole sentence, so
« frappe » in « la frappe du vendredi 13 mars » need not look like « frappe
honteuse ». Out of fold, a logistic regression on these vectors found loaded
language's phrases with span F1 0.43 against the tagger's 0.33, and name
calling's with 0.45 against 0.41 (``benchmarks/results/phrase_states.md``).

Words are the phrase tokenizer's (``phrases.tokenize``), so scores read from
these vectors plug into ``phrase_spans`` as the tagger's do; the engine's token
spans (``LayerPooledE5.passage_token_spans``) say which pieces lie in which word.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from spinscope.persuasion.phrases import Token, TokenTagger


def word_vectors(
    words: Sequence[Token], pieces: Sequence[tuple[np.ndarray, np.ndarray]], dim: int
) -> np.ndarray:
    """One row per word: the mean state of the pieces that start inside it (zeros for a
    word none starts in). ``pieces``: per sentence, its content states (n, dim) and their
    [start, end) spans in the same offsets as the words; empty spans are skipped."""
    sums = np.zeros((len(words), dim), np.float32)
    counts = np.zeros(len(words), np.float32)
    if not words:
        return sums
    starts = np.array([w.start for w in words])
    ends = np.array([w.end for w in words])
    for states, spans in pieces:
        if not len(spans):
            continue
        at = np.searchsorted(ends, spans[:, 0], side="right")  # first word ending after
        inside = (spans[:, 1] > spans[:, 0]) & (at < len(words))
        inside[inside] &= starts[at[inside]] <= spans[inside, 0]
        np.add.at(sums, at[inside], np.asarray(states, np.float32)[inside])
        np.add.at(counts, at[inside], 1.0)
    return sums / np.maximum(counts, 1.0)[:, None]


def fit_word_state_tagger(
    vectors: np.ndarray,
    targets: np.ndarray,
    labels: Sequence[str],
    row_masks: np.ndarray | None = None,
    c: float = 1.0,
) -> TokenTagger:
    """A logistic regression per label on word vectors, as a ``TokenTagger`` (so it is
    saved, loaded and scored like the phrase tagger: ``scores(vectors)``).

    ``row_masks[:, j]`` keeps label ``j`` to the words of paragraphs known to carry it,
    as the phrase tagger learns *where* a technique sits, not *whether*.
    """
    from sklearn.linear_model import LogisticRegression

    weights = np.zeros((vectors.shape[1], len(labels)), np.float32)
    bias = np.full(len(labels), -10.0, np.float32)
    for j in range(len(labels)):
        rows = np.flatnonzero(row_masks[:, j]) if row_masks is not None else slice(None)
        y = targets[rows, j]
        if y.sum() < 5 or y.sum() == len(y):
            continue
        model = LogisticRegression(C=c, max_iter=300).fit(vectors[rows], y)
        weights[:, j] = model.coef_[0]
        bias[j] = model.intercept_[0]
    return TokenTagger(labels, weights, bias)
