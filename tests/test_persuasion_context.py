"""The article-context step: features from neighbours and article, a head that learns them."""

from __future__ import annotations

import numpy as np
import pytest

from spinscope.persuasion.context import (
    FEATURES,
    ArticleRows,
    ContextHead,
    article_context_features,
    context_features,
    context_oof,
    nested_context_decisions,
)
from spinscope.persuasion.heads import micro_f1

LABELS = ("A", "B")


def test_features_read_neighbours_article_and_language() -> None:
    scores = np.array([[0.9, 0.1], [0.2, 0.4], [0.6, 0.0]], np.float32)
    f = context_features(scores, [True, False, False], "fr")
    assert f.shape == (3, 2, len(FEATURES))
    col = {name: i for i, name in enumerate(FEATURES)}
    assert f[1, 0, col["own_logit"]] == pytest.approx(np.log(0.2 / 0.8), rel=1e-4)
    assert f[0, 0, col["previous"]] == 0.0 and f[1, 0, col["previous"]] == pytest.approx(0.9)
    assert f[1, 1, col["next"]] == 0.0 and f[2, 1, col["next"]] == 0.0
    assert f[0, 0, col["next"]] == pytest.approx(0.2)
    # strongest among the *other* paragraphs: the top paragraph sees the runner-up
    assert f[0, 0, col["article_max_other"]] == pytest.approx(0.6)
    assert f[2, 0, col["article_max_other"]] == pytest.approx(0.9)
    assert f[1, 0, col["article_mean_other"]] == pytest.approx(0.75)
    assert f[1, 1, col["paragraph_density"]] == pytest.approx(0.6 / 3)
    assert f[0, 0, col["is_title"]] == 1.0 and f[1, 0, col["is_title"]] == 0.0
    assert f[0, 0, col["lang_fr"]] == 1.0 and f[0, 0, col["lang_en"]] == 0.0


def test_one_paragraph_articles_and_unknown_languages_have_no_context() -> None:
    f = context_features(np.array([[0.5, 0.5]], np.float32), [False], "xx")
    col = {name: i for i, name in enumerate(FEATURES)}
    assert f[0, 0, col["article_max_other"]] == 0.0
    assert f[0, 0, col["article_mean_other"]] == 0.0
    assert not f[0, 0, col["lang_en"] :].any()


def test_many_articles_never_mix_their_paragraphs() -> None:
    scores = np.array([[0.9], [0.1], [0.7]], np.float32)
    f = article_context_features(
        scores, np.array([0, 0, 1]), np.array([False, False, False]), ["fr", "fr", "en"]
    )
    col = {name: i for i, name in enumerate(FEATURES)}
    assert f[1, 0, col["previous"]] == pytest.approx(0.9)
    assert f[1, 0, col["next"]] == 0.0  # the next row belongs to another article
    assert f[2, 0, col["previous"]] == 0.0
    assert f[2, 0, col["lang_en"]] == 1.0 and f[1, 0, col["lang_fr"]] == 1.0


def _synthetic(n_articles: int = 300, seed: int = 0):
    """Label A of a paragraph is carried over from the previous one in "fr" articles:
    its own blended score misses it, the previous paragraph's score shows it."""
    rng = np.random.default_rng(seed)
    scores, y, owner, langs = [], [], [], []
    for a in range(n_articles):
        lang = "fr" if a % 2 else "en"
        n = 5
        base = rng.random(n) < 0.3
        carried = np.concatenate([[False], base[:-1]]) if lang == "fr" else np.zeros(n, bool)
        gold_a = base | carried
        own = np.where(base, rng.uniform(0.6, 0.9, n), rng.uniform(0.0, 0.3, n))
        gold_b = rng.random(n) < 0.2
        own_b = np.where(gold_b, rng.uniform(0.5, 0.9, n), rng.uniform(0.0, 0.4, n))
        scores.append(np.stack([own, own_b], 1))
        y.append(np.stack([gold_a, gold_b], 1))
        owner.extend([a] * n)
        langs.extend([lang] * n)
    return (
        np.concatenate(scores).astype(np.float32),
        np.concatenate(y).astype(np.int8),
        np.array(owner),
        np.zeros(len(owner), bool),
        langs,
    )


def test_head_learns_labels_carried_across_paragraphs() -> None:
    scores, y, owner, is_title, langs = _synthetic()
    folds = owner % 3
    revised = context_oof(y, scores, folds, ArticleRows(owner, is_title, langs), LABELS)
    assert revised.shape == scores.shape
    carried = slice(0, 1)  # label A, the one that runs across paragraphs
    plain = micro_f1(y[:, carried], scores[:, carried] >= 0.5)
    assert micro_f1(y[:, carried], revised[:, carried] >= 0.5) > plain + 0.04
    rows = ArticleRows(owner, is_title, langs)
    pred = nested_context_decisions(y, {"only": scores}, folds, [{"only": 1.0}] * 3, rows, LABELS)
    assert micro_f1(y[:, carried], pred[:, carried]) > plain + 0.04


def test_rare_labels_keep_their_blended_score(tmp_path) -> None:
    scores, y, owner, is_title, langs = _synthetic(40)
    y[:, 1] = 0
    y[0, 1] = 1  # one example: nothing to learn from
    features = article_context_features(scores, owner, is_title, langs)
    head = ContextHead.fit(features, y, LABELS)
    kept = head.revise(scores[:5], [False] * 5, "en")[:, 1]
    assert np.allclose(kept, scores[:5, 1], atol=1e-3)
    head.save(tmp_path / "context.npz")
    again = ContextHead.load(tmp_path / "context.npz")
    assert np.array_equal(again.weights, head.weights) and again.labels == LABELS
    assert np.allclose(
        again.revise(scores[:5], [False] * 5, "fr"), head.revise(scores[:5], [False] * 5, "fr")
    )
