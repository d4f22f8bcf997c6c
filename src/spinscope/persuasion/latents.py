"""Technique scores of single sentences from their sparse latent terms.

The dense sentence vector blurs a sentence into 384 numbers; the encoder's
sparse "latent terms" keep which few hundred of 16,384 learnt features fire,
many of them close to words and turns of phrase ("terroristes", a sneer, a
rhetorical question). A logistic regression per technique on both views,
trained on span-derived sentence targets, is the strongest single score
source in cross-validation, and it adds to the blend what the MLPs miss.
Weights are stored as float16: one column of 16,774 weights per technique.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from spinscope.persuasion.encoder import DIM, LATENT_DIM
from spinscope.persuasion.features import ParagraphInput, language_one_hot
from spinscope.persuasion.heads import logistic


def latent_features(
    vectors: np.ndarray, latents: sparse.csr_matrix, languages: np.ndarray
) -> sparse.csr_matrix:
    """Per sentence: dense vector, L2-normalised latent terms, language one-hot."""
    return sparse.hstack(
        [
            sparse.csr_matrix(vectors),
            normalize(latents) if latents.shape[0] else latents,
            sparse.csr_matrix(languages),
        ],
        format="csr",
        dtype=np.float32,
    )


def sentence_latent_features(
    paragraphs: Sequence[ParagraphInput], language: str | None
) -> sparse.csr_matrix:
    """``latent_features`` of every sentence of ``paragraphs``, in order (training and use)."""
    n = sum(len(p.sentence_vectors) for p in paragraphs)
    vectors = (
        np.concatenate([p.sentence_vectors for p in paragraphs])
        if n
        else np.zeros((0, DIM), np.float32)
    )
    latents = (
        sparse.vstack([p.latents() for p in paragraphs], format="csr")
        if n
        else sparse.csr_matrix((0, LATENT_DIM), dtype=np.float32)
    )
    languages = np.repeat(language_one_hot(language)[None, :], n, axis=0)
    return latent_features(vectors, latents, languages)


def _fit_one(x: sparse.csr_matrix, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Weights and bias of one technique; a constant score when it has too few examples."""
    positives = int(y.sum())
    if positives < 3 or positives == len(y):
        rate = (positives + 0.5) / (len(y) + 1.0)
        return np.zeros(x.shape[1], np.float32), float(np.log(rate / (1 - rate)))
    model = LogisticRegression(C=c, solver="liblinear").fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


@dataclass
class LatentHead:
    """One logistic regression per technique over ``latent_features`` rows."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)

    @classmethod
    def fit(
        cls,
        features: sparse.csr_matrix,
        targets: np.ndarray,
        labels: Sequence[str],
        c: float = 1.0,
        n_jobs: int = -1,
    ) -> LatentHead:
        fitted = Parallel(n_jobs=n_jobs)(
            delayed(_fit_one)(features, targets[:, j], c) for j in range(targets.shape[1])
        )
        weights = np.stack([w for w, _ in fitted], axis=1)
        return cls(tuple(labels), weights, np.array([b for _, b in fitted], np.float32))

    def predict_proba(self, features: sparse.csr_matrix) -> np.ndarray:
        if features.shape[0] == 0:
            return np.zeros((0, len(self.labels)), np.float32)
        return logistic(np.asarray(features @ self.weights) + self.bias).astype(np.float32)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> LatentHead:
        data = np.load(path)
        return cls(
            tuple(str(x) for x in data["labels"]),
            data["weights"].astype(np.float32),
            data["bias"],
        )
