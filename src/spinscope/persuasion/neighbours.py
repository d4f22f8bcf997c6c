"""Nearest training sentences: how annotators labelled sentences like this one.

The MLP heads draw smooth decision surfaces over the encoder's space; a
k-nearest-neighbour vote over the annotated training sentences keeps the local
detail they smooth away (a stock phrase of name calling, a formula of doubt),
and in cross-validation it adds to the blend rather than repeating it (figures
in the model card). Sentence vectors are projected onto their first principal
components and stored as int8, so the whole training set ships in a few
megabytes and a query costs one small matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from spinscope.persuasion.heads import dequantise, quantise


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)


@dataclass
class SentenceNeighbours:
    """Similarity-weighted label vote of the ``k`` nearest training sentences."""

    labels: tuple[str, ...]
    mean: np.ndarray  # (DIM,) centre of the training vectors
    components: np.ndarray  # (dims, DIM) principal axes
    vectors: np.ndarray  # (n, dims) unit-length projected training sentences
    targets: np.ndarray  # (n, n_labels) bool, the techniques each sentence carries
    k: int = 10
    temperature: float = 20.0

    @classmethod
    def fit(
        cls,
        vectors: np.ndarray,
        targets: np.ndarray,
        labels: Sequence[str],
        dims: int = 128,
        k: int = 10,
        temperature: float = 20.0,
    ) -> SentenceNeighbours:
        mean = vectors.mean(0).astype(np.float32)
        _, _, axes = np.linalg.svd(vectors - mean, full_matrices=False)
        components = axes[:dims].astype(np.float32)
        projected = _unit_rows((vectors - mean) @ components.T)
        quantised, scale = quantise(projected)
        return cls(
            tuple(labels),
            mean,
            components,
            dequantise(quantised, scale),
            targets.astype(bool),
            k,
            temperature,
        )

    def scores(self, vectors: np.ndarray, chunk: int = 1024) -> np.ndarray:
        """(n, n_labels) weighted share of neighbours carrying each label."""
        out = np.zeros((len(vectors), len(self.labels)), np.float32)
        if not len(vectors) or not len(self.vectors):
            return out
        k = min(self.k, len(self.vectors))
        queries = _unit_rows((vectors - self.mean) @ self.components.T)
        for lo in range(0, len(queries), chunk):
            sim = queries[lo : lo + chunk] @ self.vectors.T
            nearest = np.argpartition(-sim, k - 1, axis=1)[:, :k]
            weights = np.exp(self.temperature * np.take_along_axis(sim, nearest, 1))
            weights /= weights.sum(1, keepdims=True)
            out[lo : lo + chunk] = np.einsum("ik,ikj->ij", weights, self.targets[nearest])
        return out

    def save(self, path: Path) -> None:
        quantised, scale = quantise(self.vectors)
        np.savez_compressed(
            path,
            labels=np.array(self.labels),
            mean=self.mean,
            components=self.components.astype(np.float16),
            vectors=quantised,
            scale=scale,
            targets=np.packbits(self.targets, axis=1),
            settings=np.array([self.k, self.temperature], np.float32),
        )

    @classmethod
    def load(cls, path: Path) -> SentenceNeighbours:
        data = np.load(path)
        labels = tuple(str(x) for x in data["labels"])
        k, temperature = data["settings"]
        return cls(
            labels,
            data["mean"],
            data["components"].astype(np.float32),
            dequantise(data["vectors"], data["scale"]),
            np.unpackbits(data["targets"], axis=1, count=len(labels)).astype(bool),
            int(k),
            float(temperature),
        )
