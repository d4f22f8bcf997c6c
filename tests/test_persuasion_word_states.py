"""Word vectors from token states: each word gets the mean state of its own pieces."""

from __future__ import annotations

import numpy as np

from spinscope.persuasion.attention import content_spans, content_states
from spinscope.persuasion.engine import LayerPooledE5
from spinscope.persuasion.phrases import Token, tokenize
from spinscope.persuasion.word_states import word_vectors


def test_each_word_is_the_mean_of_its_pieces_states() -> None:
    paragraph = "Les stratèges de pacotille mentent. Les Yankees fuient !"
    sentences = [(0, 35), (36, len(paragraph))]
    texts = [paragraph[s:e] for s, e in sentences]
    engine = LayerPooledE5()
    _, states = engine.passage_tokens(texts)
    pieces = [
        (content_states(rows), content_spans(spans) + s)
        for (s, _), rows, spans in zip(
            sentences, states, engine.passage_token_spans(texts), strict=True
        )
    ]
    words = tokenize(paragraph)
    vectors = word_vectors(words, pieces, engine.dim)
    assert vectors.shape == (len(words), engine.dim)
    assert (np.abs(vectors).sum(1) > 0).all()  # every word, punctuation too, has pieces
    for target in ("pacotille", "Yankees"):
        i = next(k for k, w in enumerate(words) if w.text == target)
        word = words[i]
        own = np.concatenate(
            [rows[(sp[:, 0] >= word.start) & (sp[:, 0] < word.end)] for rows, sp in pieces]
        ).astype(np.float32)
        assert len(own) >= 2  # split into several pieces by the encoder's vocabulary
        assert np.allclose(vectors[i], own.mean(0), atol=1e-3)
    # the same word in two sentences is read in each one's context
    les = [k for k, w in enumerate(words) if w.text == "Les"]
    assert not np.allclose(vectors[les[0]], vectors[les[1]], atol=1e-3)


def test_a_word_no_piece_starts_in_stays_zero() -> None:
    words = [Token("a", 0, 1), Token("b", 2, 3)]
    pieces = [(np.ones((1, 4), np.float16), np.array([[2, 3]]))]
    vectors = word_vectors(words, pieces, 4)
    assert vectors[0].sum() == 0 and np.allclose(vectors[1], 1.0)
    assert word_vectors([], pieces, 4).shape == (0, 4)


def test_word_state_tagger_learns_where_and_round_trips(tmp_path) -> None:
    from spinscope.persuasion.phrases import TokenTagger
    from spinscope.persuasion.word_states import fit_word_state_tagger

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(400, 8)).astype(np.float32)
    targets = np.stack([vectors[:, 0] > 0.5, vectors[:, 1] > 0.5], 1).astype(np.int8)
    masks = np.ones_like(targets, bool)
    masks[:200, 1] = False  # label 1 learns from the last 200 words only
    targets[:200, 1] = 1 - targets[:200, 1]  # ... so noise there cannot reach it
    tagger = fit_word_state_tagger(vectors, targets, ["a", "b"], masks)
    scores = tagger.scores(vectors[200:])
    for j in (0, 1):
        auc_like = scores[targets[200:, j] == 1, j].mean() - scores[targets[200:, j] == 0, j].mean()
        assert auc_like > 0.5
    tagger.save(tmp_path / "states.npz")
    again = TokenTagger.load(tmp_path / "states.npz")
    assert np.allclose(again.scores(vectors), tagger.scores(vectors), atol=0.02)


def test_word_scores_from_piece_logits_equal_the_tagger_on_word_vectors() -> None:
    """Caching a sentence's piece logits instead of its states loses nothing: the tagger
    is linear before its sigmoid, so the mean of the logits is the logit of the mean."""
    from spinscope.persuasion.phrases import TokenTagger
    from spinscope.persuasion.word_states import piece_logits, word_scores

    rng = np.random.default_rng(1)
    tagger = TokenTagger(["a", "b", "c"], rng.normal(size=(6, 3)), rng.normal(size=3))
    words = [Token("un", 0, 2), Token("mot", 3, 6), Token("vide", 7, 11)]
    states = rng.normal(size=(4, 6)).astype(np.float16)
    spans = np.array([[0, 1], [1, 2], [3, 5], [5, 6]])  # none starts in « vide »
    expected = tagger.scores(word_vectors(words, [(states, spans)], 6))
    got = word_scores(words, [(piece_logits(states, tagger), spans)], tagger, 6)
    assert np.allclose(got, expected, atol=1e-5)
    assert np.allclose(got[2], 1 / (1 + np.exp(-tagger.bias)), atol=1e-6)


def test_word_scores_add_the_language_lean_of_a_tagger_fitted_with_languages() -> None:
    """A tagger fitted on ``with_languages`` vectors scores the cached piece logits as it
    scores those vectors: the language columns are one bias per language."""
    from spinscope.persuasion.phrases import TokenTagger
    from spinscope.persuasion.word_states import piece_logits, with_languages, word_scores

    rng = np.random.default_rng(3)
    tagger = TokenTagger(["a", "b"], rng.normal(size=(6 + 6, 2)), rng.normal(size=2))
    words = [Token("la", 0, 2), Token("frappe", 3, 9)]
    states = rng.normal(size=(3, 6)).astype(np.float32)
    spans = np.array([[0, 2], [3, 6], [6, 9]])
    pieces = [(piece_logits(states, tagger), spans)]
    for language in ("fr", "ru", "es"):  # es: no training data, so no lean
        expected = tagger.scores(
            with_languages(word_vectors(words, [(states, spans)], 6), [language] * 2)
        )
        assert np.allclose(word_scores(words, pieces, tagger, 6, language), expected, atol=1e-5)
    french = word_scores(words, pieces, tagger, 6, "fr")
    assert not np.allclose(french, word_scores(words, pieces, tagger, 6, "ru"))
    assert np.allclose(
        word_scores(words, pieces, tagger, 6, "es"),
        word_scores(words, pieces, TokenTagger(["a", "b"], tagger.weights[:6], tagger.bias), 6),
    )


def test_state_tagger_scores_each_fold_with_a_model_that_never_saw_it() -> None:
    from spinscope.persuasion.word_states import state_tagger_oof

    rng = np.random.default_rng(2)
    vectors = rng.normal(size=(600, 5)).astype(np.float32)
    folds = np.repeat([0, 1, 2], 200)
    targets = (vectors[:, :1] > 0).astype(np.int8)
    targets[folds == 0] = 1 - targets[folds == 0]  # fold 0 says the opposite of the rest
    masks = np.ones_like(targets, bool)
    masks[:50] = False  # words of paragraphs without the technique: neither learnt nor scored
    oof = state_tagger_oof(vectors, targets, ["a"], masks, folds)
    assert (oof[:50] == 0).all()
    agree = [
        np.corrcoef(oof[(folds == k) & masks[:, 0], 0], targets[(folds == k) & masks[:, 0], 0])[
            0, 1
        ]
        for k in range(3)
    ]
    assert agree[0] < -0.5  # learnt from folds 1 and 2 only, so it contradicts fold 0
    assert agree[1] > 0 and agree[2] > 0


def test_state_tagger_scores_every_label_of_a_word_masked_for_one() -> None:
    """A word of a paragraph carrying only label a still gets b's out-of-fold score, from
    a b model that never learnt from it; a word masked for no label stays unscored."""
    from spinscope.persuasion.word_states import state_tagger_oof

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(600, 5)).astype(np.float32)
    folds = np.repeat([0, 1, 2], 200)
    targets = np.stack([vectors[:, 0] > 0, vectors[:, 1] > 0], axis=1).astype(np.int8)
    masks = np.ones_like(targets, bool)
    masks[::3, 1] = False  # carries a only
    masks[1::6] = False  # carries neither
    oof = state_tagger_oof(vectors, targets, ["a", "b"], masks, folds)
    only_a = np.zeros(600, bool)
    only_a[::3] = True
    assert (oof[1::6] == 0).all()
    assert (oof[only_a, 1] > 0).all()
    assert np.corrcoef(oof[only_a, 1], targets[only_a, 1])[0, 1] > 0.5
