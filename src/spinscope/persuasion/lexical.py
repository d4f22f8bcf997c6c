"""A lexical paragraph head: hashed word and character n-grams, logistic per technique.

Sentence vectors capture what a paragraph says; loaded language and name
calling are often single words ("Yankees", "terroristes", "pacotille") whose
force a frozen encoder blurs. Hashed n-grams need no vocabulary file, and the
weights are stored as int8 with one scale per technique, so the head stays a
few megabytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from spinscope.persuasion.heads import dequantise, quantise

N_FEATURES = 2**18


def _vectorizers():
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
    )
    words = HashingVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        n_features=N_FEATURES,
        alternate_sign=False,
        norm=None,
        token_pattern=r"(?u)\b\w+\b",
    )
    return chars, words


def lexical_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """Sublinear tf of hashed char 2–5-grams plus word 1–2-grams, L2-normalised rows."""
    from sklearn.preprocessing import normalize

    chars, words = _vectorizers()
    matrix = (chars.transform(texts) + words.transform(texts)).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    return normalize(matrix)


class LexicalHead:
    """Logistic regression on ``lexical_matrix`` features: one per label
    (multi-label) or one multinomial model (single label, e.g. genre)."""

    def __init__(
        self,
        labels: Sequence[str],
        weights: np.ndarray,
        bias: np.ndarray,
        activation: str = "logistic",
    ) -> None:
        self.labels = tuple(labels)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.activation = activation

    @classmethod
    def fit_single(
        cls, texts: Sequence[str], targets: np.ndarray, labels: Sequence[str], c: float = 10.0
    ) -> LexicalHead:
        """Multinomial, class-balanced: ``targets`` are label indices."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=0)
        model.fit(lexical_matrix(texts), targets)
        weights = np.zeros((N_FEATURES, len(labels)), np.float32)
        bias = np.full(len(labels), -30.0, np.float32)
        if len(model.classes_) == 2:
            weights[:, model.classes_[1]] = model.coef_[0]
            bias[model.classes_[1]] = model.intercept_[0]
            bias[model.classes_[0]] = 0.0
        else:
            for row, label in enumerate(model.classes_):
                weights[:, label] = model.coef_[row]
                bias[label] = model.intercept_[row]
        return cls(labels, weights, bias, "softmax")

    @classmethod
    def fit(
        cls, texts: Sequence[str], targets: np.ndarray, labels: Sequence[str], c: float = 4.0
    ) -> LexicalHead:
        from sklearn.linear_model import LogisticRegression

        matrix = lexical_matrix(texts)
        weights = np.zeros((N_FEATURES, len(labels)), np.float32)
        bias = np.full(len(labels), -10.0, np.float32)
        for j in range(len(labels)):
            y = targets[:, j]
            if y.sum() < 2 or y.sum() == len(y):
                continue
            model = LogisticRegression(C=c, solver="liblinear", max_iter=500, random_state=0)
            model.fit(matrix, y)
            weights[:, j] = model.coef_[0]
            bias[j] = model.intercept_[0]
        return cls(labels, weights, bias)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if not len(texts):
            return np.zeros((0, len(self.labels)), np.float32)
        logits = lexical_matrix(texts) @ self.weights + self.bias
        if self.activation == "softmax":
            z = np.exp(logits - logits.max(axis=1, keepdims=True))
            return z / z.sum(axis=1, keepdims=True)
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))

    def save(self, path: Path) -> None:
        quantised, scale = quantise(self.weights)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            weights=quantised,
            scale=scale,
            bias=self.bias,
            activation=np.array(self.activation),
        )

    @classmethod
    def load(cls, path: Path) -> LexicalHead:
        data = np.load(path)
        weights = dequantise(data["weights"], data["scale"])
        activation = str(data["activation"]) if "activation" in data.files else "logistic"
        return cls([str(x) for x in data["labels"]], weights, data["bias"], activation)
