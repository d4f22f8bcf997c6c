"""Classifier heads over the shared vectors, stored as plain numpy arrays.

Heads are fitted with scikit-learn (one ``fit``/``predict_proba`` interface
for linear and MLP models) and then frozen into ``DenseHead``: a scaler, a
stack of dense layers and an output activation, saved with ``np.savez``. The
shipped files therefore load without pickle, do not depend on the
scikit-learn version, and run in a few matrix products on any CPU.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

Activation = Literal["logistic", "softmax"]


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _softmax(x: np.ndarray) -> np.ndarray:
    z = np.exp(x - x.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@dataclass
class DenseHead:
    """Scaler → [dense + ReLU]* → dense → logistic (multi-label) or softmax (single)."""

    labels: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    activation: Activation

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        h = (features - self.mean) / self.scale
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            h = np.maximum(h @ w + b, 0.0)
        out = h @ self.weights[-1] + self.biases[-1]
        return _softmax(out) if self.activation == "softmax" else logistic(out)

    def save(self, path: Path) -> None:
        arrays = {"labels": np.array(self.labels), "mean": self.mean, "scale": self.scale}
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            arrays[f"w{i}"] = w.astype(np.float16)
            arrays[f"b{i}"] = b.astype(np.float32)
        arrays["activation"] = np.array(self.activation)
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> DenseHead:
        data = np.load(path)
        n = sum(1 for k in data.files if k.startswith("w"))
        return cls(
            labels=tuple(str(x) for x in data["labels"]),
            mean=data["mean"],
            scale=data["scale"],
            weights=[data[f"w{i}"].astype(np.float32) for i in range(n)],
            biases=[data[f"b{i}"] for i in range(n)],
            activation=str(data["activation"]),  # type: ignore[arg-type]
        )


def quantise(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 weights and one float scale per column: large hashed matrices stay small."""
    scale = np.abs(weights).max(0) / 127.0
    scale[scale == 0] = 1.0
    return np.round(weights / scale).astype(np.int8), scale


def dequantise(weights: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return weights.astype(np.float32) * scale


def _scaler(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = features.mean(0)
    scale = features.std(0)
    scale[scale < 1e-6] = 1.0
    return mean.astype(np.float32), scale.astype(np.float32)


def fit_mlp(
    features: np.ndarray,
    targets: np.ndarray,
    labels: Sequence[str],
    hidden: int = 256,
    alpha: float = 0.1,
    seed: int = 0,
    max_iter: int = 60,
) -> DenseHead:
    """Multi-label MLP (one hidden ReLU layer, logistic outputs, early stopping)."""
    from sklearn.neural_network import MLPClassifier

    mean, scale = _scaler(features)
    model = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        alpha=alpha,
        max_iter=max_iter,
        early_stopping=True,
        random_state=seed,
    )
    model.fit((features - mean) / scale, targets)
    return DenseHead(
        tuple(labels),
        mean,
        scale,
        [w.astype(np.float32) for w in model.coefs_],
        [b.astype(np.float32) for b in model.intercepts_],
        "logistic",
    )


def fit_linear(
    features: np.ndarray,
    targets: np.ndarray,
    labels: Sequence[str],
    c: float = 0.05,
    single_label: bool = False,
    class_weight: str | None = None,
    seed: int = 0,
    sample_weight: np.ndarray | None = None,
) -> DenseHead:
    """Logistic regression: one-vs-rest (multi-label) or multinomial (single label).

    ``targets`` is a 0/1 matrix (multi-label) or a vector of label indices;
    ``sample_weight`` (single label only) weighs the rows.
    """
    from sklearn.linear_model import LogisticRegression

    mean, scale = _scaler(features)
    x = (features - mean) / scale
    if single_label and len(np.unique(targets)) < 2:
        # One class only (tiny slices): a constant head, honest about what it saw.
        bias = np.full(len(labels), -30.0, np.float32)
        bias[int(targets[0])] = 0.0
        return DenseHead(
            tuple(labels),
            mean,
            scale,
            [np.zeros((x.shape[1], len(labels)), np.float32)],
            [bias],
            "softmax",
        )
    if single_label:
        model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight, random_state=seed)
        model.fit(x, targets, sample_weight=sample_weight)
        weight = np.zeros((x.shape[1], len(labels)), np.float32)
        bias = np.full(len(labels), -30.0, np.float32)
        for row, cls in enumerate(model.classes_):
            weight[:, cls] = model.coef_[row] if len(model.classes_) > 2 else 0
            bias[cls] = model.intercept_[row] if len(model.classes_) > 2 else 0
        if len(model.classes_) == 2:  # binary: sklearn keeps one row for class 1
            weight[:, model.classes_[1]] = model.coef_[0]
            bias[model.classes_[1]] = model.intercept_[0]
            bias[model.classes_[0]] = 0.0
        return DenseHead(tuple(labels), mean, scale, [weight], [bias], "softmax")
    weight = np.zeros((x.shape[1], len(labels)), np.float32)
    bias = np.full(len(labels), -30.0, np.float32)
    for j in range(len(labels)):
        y = targets[:, j]
        if 0 < y.sum() < len(y):
            model = LogisticRegression(
                C=c, max_iter=1000, class_weight=class_weight, random_state=seed
            )
            model.fit(x, y)
            weight[:, j] = model.coef_[0]
            bias[j] = model.intercept_[0]
    return DenseHead(tuple(labels), mean, scale, [weight], [bias], "logistic")


def micro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    tp = int((gold.astype(bool) & predicted.astype(bool)).sum())
    return 2 * tp / max(int(gold.sum()) + int(predicted.sum()), 1)


THRESHOLD_GRID = np.linspace(0.05, 0.9, 35)


def micro_f1_by_threshold(
    gold: np.ndarray, predicted: np.ndarray, scores: np.ndarray, j: int, grid: np.ndarray
) -> np.ndarray:
    """Micro-F1 over all labels for each ``grid`` threshold of label ``j``, the others fixed.

    Every grid value is scored at once from the other labels' counts, so the
    blend search can afford many nested tunings. ``gold`` and ``predicted`` are bool.
    """
    tp_rest = int((gold & predicted).sum() - (gold[:, j] & predicted[:, j]).sum())
    pred_rest = int(predicted.sum() - predicted[:, j].sum())
    order = np.sort(scores[:, j])
    positives = np.sort(scores[gold[:, j], j])
    n_pred = len(order) - np.searchsorted(order, grid, side="left")
    n_tp = len(positives) - np.searchsorted(positives, grid, side="left")
    return 2 * (tp_rest + n_tp) / np.maximum(int(gold.sum()) + pred_rest + n_pred, 1)


def tune_thresholds(
    gold: np.ndarray, scores: np.ndarray, rounds: int = 2, grid: np.ndarray | None = None
) -> np.ndarray:
    """Per-label thresholds maximising micro-F1 (coordinate ascent on a grid)."""
    grid = THRESHOLD_GRID if grid is None else grid
    gold = gold.astype(bool)
    thresholds = np.full(gold.shape[1], 0.3)
    predicted = scores >= thresholds
    for _ in range(rounds):
        for j in range(gold.shape[1]):
            f = micro_f1_by_threshold(gold, predicted, scores, j, grid)
            thresholds[j] = grid[int(np.argmax(f))]
            predicted[:, j] = scores[:, j] >= thresholds[j]
    return thresholds
