"""A paragraph technique head that reads token states instead of one pooled vector.

Techniques such as loaded language or name calling sit in a few words; averaging a
sentence's tokens into one vector dilutes them. This head scores every token and
lets each technique attend to its own tokens (multiple-instance learning from
paragraph labels): per token, ``z = relu(W1 h + b1)``; per technique, a score
``s = z W2 + b2`` and an attention logit ``e = z U``; the paragraph's logit is
``sum_t softmax_t(e) s``. Plain numpy with hand-written gradients and Adam: it
trains on two cores in minutes and needs no deep-learning runtime.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def _segment_softmax(e: np.ndarray, starts: np.ndarray, owner: np.ndarray) -> np.ndarray:
    top = np.maximum.reduceat(e, starts, axis=0)
    ex = np.exp(e - top[owner])
    return ex / np.add.reduceat(ex, starts, axis=0)[owner]


class TokenAttentionHead:
    """Per-technique attention over a paragraph's token states."""

    def __init__(self, dim: int, hidden: int, n_labels: int, seed: int = 0) -> None:
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": (rng.standard_normal((dim, hidden)) * np.sqrt(2 / dim)).astype(np.float32),
            "b1": np.zeros(hidden, np.float32),
            "W2": (rng.standard_normal((hidden, n_labels)) * np.sqrt(1 / hidden)).astype(
                np.float32
            ),
            "b2": np.full(n_labels, -2.0, np.float32),
            "U": np.zeros((hidden, n_labels), np.float32),
        }
        self.mean = np.zeros(dim, np.float32)
        self.scale = np.ones(dim, np.float32)
        self.rng = rng

    def _forward(self, x: np.ndarray, lengths: np.ndarray):
        p = self.params
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        owner = np.repeat(np.arange(len(lengths)), lengths)
        h = (x - self.mean) / self.scale
        pre = h @ p["W1"] + p["b1"]
        z = np.maximum(pre, 0)
        s = z @ p["W2"] + p["b2"]
        a = _segment_softmax(z @ p["U"], starts, owner)
        logits = np.add.reduceat(a * s, starts, axis=0)
        return logits, (h, z, s, a, starts, owner)

    def logits(self, x: np.ndarray, lengths: np.ndarray, batch: int = 512) -> np.ndarray:
        """Paragraph logits; ``x`` holds the paragraphs' tokens back to back."""
        out, ends = [], np.cumsum(lengths)
        for i in range(0, len(lengths), batch):
            lo = ends[i - 1] if i else 0
            hi = ends[min(i + batch, len(lengths)) - 1]
            out.append(self._forward(np.asarray(x[lo:hi], np.float32), lengths[i : i + batch])[0])
        return np.concatenate(out)

    def predict_proba(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-self.logits(x, lengths)))

    def fit(
        self,
        x: np.ndarray,
        lengths: np.ndarray,
        y: np.ndarray,
        epochs: int = 6,
        batch: int = 32,
        lr: float = 1e-3,
        weight_decay: float = 1e-4,
        progress: Callable[[int, float], None] | None = None,
    ) -> TokenAttentionHead:
        """Adam on the mean binary cross-entropy of paragraph logits."""
        sample = np.asarray(x[:: max(1, len(x) // 200_000)], np.float32)
        self.mean, self.scale = sample.mean(0), sample.std(0) + 1e-6
        ends = np.cumsum(lengths)
        starts = ends - lengths
        moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in self.params.items()}
        step = 0
        for epoch in range(epochs):
            order = self.rng.permutation(len(lengths))
            total = 0.0
            for i in range(0, len(order), batch):
                rows = order[i : i + batch]
                xb = np.concatenate([np.asarray(x[starts[r] : ends[r]], np.float32) for r in rows])
                grads, loss = self._gradients(xb, lengths[rows], y[rows])
                total += loss * len(rows)
                step += 1
                for k, g in grads.items():
                    m, v = moments[k]
                    m *= 0.9
                    m += 0.1 * g
                    v *= 0.999
                    v += 0.001 * g * g
                    update = (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
                    if k in ("W1", "W2", "U"):
                        update += weight_decay * self.params[k]
                    self.params[k] -= lr * update
            if progress:
                progress(epoch, total / len(order))
        return self

    def _gradients(self, x: np.ndarray, lengths: np.ndarray, y: np.ndarray):
        p = self.params
        logits, (h, z, s, a, starts, owner) = self._forward(x, lengths)
        prob = 1 / (1 + np.exp(-logits))
        eps = 1e-7
        loss = -np.mean(y * np.log(prob + eps) + (1 - y) * np.log(1 - prob + eps))
        g_logits = ((prob - y) / y.size).astype(np.float32)
        g_p = g_logits[owner]
        g_s = g_p * a
        g_e = g_p * a * (s - logits[owner])
        g_z = g_s @ p["W2"].T + g_e @ p["U"].T
        g_z *= z > 0
        grads = {
            "W2": z.T @ g_s,
            "b2": g_s.sum(0),
            "U": z.T @ g_e,
            "W1": h.T @ g_z,
            "b1": g_z.sum(0),
        }
        return grads, float(loss)
