"""A paragraph's blended technique scores revised in the light of its article.

The blend scores each paragraph on its own text. But in the non-English data
annotators often mark one technique across several paragraphs (8.8% of the
French spans run over a paragraph break, 0.3% of the English ones), and the
languages differ in how densely they are annotated (1.86 labels a paragraph
in French, 0.62 in English), which one set of global thresholds cannot follow.
So, per technique, a small logistic regression reads the paragraph's blended
score with its neighbours' and its article's, the paragraph's overall
technique density and the language, and returns a recalibrated probability
for the thresholds to cut. Thirteen weights a technique: it can shift and
sharpen scores, not invent them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from spinscope.persuasion.blend import blend
from spinscope.persuasion.features import KNOWN_LANGUAGES, language_one_hot
from spinscope.persuasion.heads import logistic, tune_thresholds

_EPS = 1e-4
FEATURES = (
    "own_logit",
    "previous",
    "next",
    "article_max_other",
    "article_mean_other",
    "paragraph_density",
    "is_title",
    *(f"lang_{code}" for code in KNOWN_LANGUAGES),
)


def context_features(
    scores: np.ndarray, is_title: Sequence[bool], language: str | None
) -> np.ndarray:
    """(n_paragraphs, n_labels, len(FEATURES)) for the paragraphs of one article, in order."""
    n, n_labels = scores.shape
    out = np.zeros((n, n_labels, len(FEATURES)), np.float32)
    if n == 0:
        return out
    clipped = np.clip(scores, _EPS, 1 - _EPS)
    out[:, :, 0] = np.log(clipped / (1 - clipped))
    out[1:, :, 1] = scores[:-1]
    out[:-1, :, 2] = scores[1:]
    if n > 1:
        # the strongest and mean score among the article's *other* paragraphs
        order = np.sort(scores, axis=0)
        top, second = order[-1], order[-2]
        out[:, :, 3] = np.where(scores >= top, second, top)
        out[:, :, 4] = (scores.sum(0) - scores) / (n - 1)
    out[:, :, 5] = scores.sum(1, keepdims=True) / 3.0
    out[:, :, 6] = np.asarray(is_title, np.float32)[:, None]
    out[:, :, 7:] = language_one_hot(language)
    return out


def article_context_features(
    scores: np.ndarray,
    article_index: np.ndarray,
    is_title: np.ndarray,
    languages: Sequence[str | None],
) -> np.ndarray:
    """``context_features`` of many articles' rows at once (rows grouped by article, in order)."""
    out = np.zeros((*scores.shape, len(FEATURES)), np.float32)
    bounds = np.flatnonzero(np.diff(article_index)) + 1
    for lo, hi in zip(
        np.concatenate([[0], bounds]), np.concatenate([bounds, [len(scores)]]), strict=True
    ):
        if hi > lo:
            out[lo:hi] = context_features(scores[lo:hi], is_title[lo:hi], languages[lo])
    return out


@dataclass
class ContextHead:
    """One logistic regression per technique over ``context_features``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (n_labels, len(FEATURES))
    bias: np.ndarray  # (n_labels,)

    @classmethod
    def fit(
        cls, features: np.ndarray, y: np.ndarray, labels: Sequence[str], c: float = 1.0
    ) -> ContextHead:
        """``features`` from ``article_context_features``; ``y`` (n_rows, n_labels) 0/1."""
        n_labels = len(labels)
        weights = np.zeros((n_labels, len(FEATURES)), np.float32)
        bias = np.zeros(n_labels, np.float32)
        for j in range(n_labels):
            target = y[:, j]
            positives = int(target.sum())
            if positives < 3 or positives == len(target):
                # too few examples to learn from: keep the blended score as it is
                weights[j, 0] = 1.0
                continue
            model = LogisticRegression(C=c, max_iter=1000).fit(features[:, j, :], target)
            weights[j] = model.coef_[0]
            bias[j] = model.intercept_[0]
        return cls(tuple(labels), weights, bias)

    def revise_features(self, features: np.ndarray) -> np.ndarray:
        return logistic(np.einsum("nlf,lf->nl", features, self.weights) + self.bias).astype(
            np.float32
        )

    def revise(
        self, scores: np.ndarray, is_title: Sequence[bool], language: str | None
    ) -> np.ndarray:
        """One article's blended scores → revised probabilities, same shape."""
        return self.revise_features(context_features(scores, is_title, language))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            features=np.array(FEATURES),
            weights=self.weights,
            bias=self.bias,
        )

    @classmethod
    def load(cls, path: Path) -> ContextHead:
        data = np.load(path)
        if tuple(str(f) for f in data["features"]) != FEATURES:
            raise ValueError(f"{path}: context features differ from this version; retrain")
        return cls(tuple(str(x) for x in data["labels"]), data["weights"], data["bias"])


@dataclass(frozen=True)
class ArticleRows:
    """Where each paragraph row of a training table sits: article, title or not, language."""

    article_index: np.ndarray  # rows grouped by article, in paragraph order
    is_title: np.ndarray
    languages: Sequence[str | None]

    def features(self, scores: np.ndarray) -> np.ndarray:
        return article_context_features(scores, self.article_index, self.is_title, self.languages)


def context_oof(
    y: np.ndarray,
    scores: np.ndarray,
    folds: np.ndarray,
    rows: ArticleRows,
    labels: Sequence[str],
    c: float = 1.0,
) -> np.ndarray:
    """Revised out-of-fold scores: each fold's rows revised by a head fitted on the others."""
    features = rows.features(scores)
    revised = np.zeros_like(scores)
    for k in np.unique(folds):
        train, test = folds != k, folds == k
        head = ContextHead.fit(features[train], y[train], labels, c)
        revised[test] = head.revise_features(features[test])
    return revised


def nested_context_decisions(
    y: np.ndarray,
    sources: dict[str, np.ndarray],
    folds: np.ndarray,
    fold_weights: Sequence[dict[str, float]],
    rows: ArticleRows,
    labels: Sequence[str],
    c: float = 1.0,
) -> np.ndarray:
    """Predictions where each fold's blend weights, context head and thresholds
    were all chosen on the other folds (``fold_weights`` from ``nested_blend_decisions``)."""
    pred = np.zeros_like(y)
    for k, weights in zip(np.unique(folds), fold_weights, strict=True):
        features = rows.features(blend(sources, weights))
        train, test = folds != k, folds == k
        revised = ContextHead.fit(features[train], y[train], labels, c).revise_features(features)
        thresholds = tune_thresholds(y[train], revised[train], rounds=1)
        pred[test] = revised[test] >= thresholds
    return pred
