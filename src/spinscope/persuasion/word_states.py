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

from collections.abc import Callable, Sequence

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
    as the phrase tagger learns *where* a technique sits, not *whether*. ``vectors``
    may end with ``with_languages``' columns: their weights are then a bias per
    language, which ``word_scores`` adds to the pieces' mean.
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


def with_languages(vectors: np.ndarray, languages: Sequence[str | None]) -> np.ndarray:
    """Word vectors followed by each word's article language, one-hot: the same word
    vector can lean differently in French and in English (a language the model was
    not trained on gets zeros, so no language's lean)."""
    from spinscope.persuasion.features import language_one_hot  # features imports the encoder

    return np.hstack([vectors, np.stack([language_one_hot(x) for x in languages])])


def _language_rows(states_dim: int, tagger: TokenTagger) -> np.ndarray | None:
    """The tagger's per-language bias rows, when it was fitted ``with_languages``."""
    from spinscope.persuasion.features import KNOWN_LANGUAGES

    rows = tagger.weights.shape[0] - states_dim
    if rows == 0:
        return None
    if rows != len(KNOWN_LANGUAGES):
        raise ValueError(
            f"word-state tagger has {tagger.weights.shape[0]} rows for {states_dim}-d states"
        )
    return tagger.weights[states_dim:]


def piece_logits(states: np.ndarray, tagger: TokenTagger) -> np.ndarray:
    """Each piece's state times the tagger's weights, without the bias.

    The tagger is linear before its sigmoid, so a word's logit is the mean of its
    pieces' (``word_logits``): a sentence's pieces are scored once, in the encoder
    pass that reads them, and cached, instead of caching its states (~25 KB).
    """
    states = np.asarray(states, np.float32)
    return states @ tagger.weights[: states.shape[1]]


def word_scores(
    words: Sequence[Token],
    pieces: Sequence[tuple[np.ndarray, np.ndarray]],
    tagger: TokenTagger,
    states_dim: int,
    language: str | None = None,
) -> np.ndarray:
    """The tagger's score of each word from its sentences' ``piece_logits`` and their
    spans: equal to ``tagger.scores(word_vectors(...))`` (``with_languages`` where the
    tagger was fitted so), a word no piece starts in scoring as the zero vector does."""
    logits = word_vectors(words, pieces, len(tagger.labels)) + tagger.bias
    lean = _language_rows(states_dim, tagger)
    if lean is not None:
        from spinscope.persuasion.features import language_one_hot

        logits = logits + language_one_hot(language) @ lean
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def paragraph_word_vectors(
    paragraph_sentences: Sequence[Sequence[tuple[int, int]]],
    paragraph_words: Sequence[Sequence[Token]],
    sentence_texts: Sequence[str],
    states: np.ndarray,
    lengths: np.ndarray,
    wanted: np.ndarray,
    dim: int,
) -> np.ndarray:
    """Word vectors of every word of the ``wanted`` paragraphs, rows back to back in
    paragraph order (zeros for the other paragraphs' words), for training.

    ``states``/``lengths``: the content states of ``sentence_texts`` back to back, one
    sentence after another in paragraph order (training's token store); a paragraph's
    sentences are given as absolute [start, end) offsets, like its words.
    """
    from spinscope.persuasion.attention import content_spans
    from spinscope.persuasion.engine import LayerPooledE5

    sizes = [len(w) for w in paragraph_words]
    out = np.zeros((sum(sizes), dim), np.float32)
    word_start = np.concatenate([[0], np.cumsum(sizes)])
    state_end = np.cumsum(lengths)
    sentence_start = np.concatenate([[0], np.cumsum([len(s) for s in paragraph_sentences])])
    engine = LayerPooledE5()
    for r in np.flatnonzero(wanted):
        first, last = sentence_start[r], sentence_start[r + 1]
        if not sizes[r] or first == last:
            continue
        spans = engine.passage_token_spans(list(sentence_texts[first:last]))
        pieces = [
            (states[state_end[i] - lengths[i] : state_end[i]], content_spans(sp) + start)
            for i, sp, (start, _) in zip(
                range(first, last), spans, paragraph_sentences[r], strict=True
            )
        ]
        out[word_start[r] : word_start[r + 1]] = word_vectors(paragraph_words[r], pieces, dim)
    return out


def state_tagger_oof(
    vectors: np.ndarray,
    targets: np.ndarray,
    labels: Sequence[str],
    row_masks: np.ndarray,
    folds: np.ndarray,
    c: float = 1.0,
    log: Callable[[str], None] | None = None,
) -> np.ndarray:
    """Out-of-fold scores of ``fit_word_state_tagger``: what training chooses the phrase
    scores from. Each label learns from its masked words only, but every word masked for
    some label is scored for all of them (the others stay zero), so that a benchmark can
    point at a technique the blend flags wrongly in a paragraph carrying another one."""
    oof = np.zeros(targets.shape, np.float32)
    scored = row_masks.any(axis=1)
    for k in np.unique(folds):
        train, test = folds != k, folds == k
        tagger = fit_word_state_tagger(vectors, targets, labels, row_masks & train[:, None], c)
        rows = np.flatnonzero(scored & test)
        if len(rows):
            oof[rows] = tagger.scores(vectors[rows])
        if log:
            log(f"phrases: word-state tagger, fold {k + 1} of {len(np.unique(folds))} done")
    return oof
