"""A technique head that reads a sentence's token states, not one pooled vector.

Techniques such as loaded language or name calling sit in a few words; averaging a
sentence's tokens into one vector dilutes them. This head scores every token and
lets each technique attend to its own tokens: per token, ``z = relu(W1 h + b1)``; per
technique, a score ``s = z W2 + b2`` and an attention logit ``e = z U``; the
sentence's logit is ``sum_t softmax_t(e) s``. It learns from the span-derived
sentence labels, like the sentence MLPs, and its sentence scores are pooled over
the paragraph the same way. Plain numpy with hand-written gradients (checked in the
tests) and Adam: it trains on two cores in minutes, with no deep-learning runtime.

Token states are each content token's mean over the pooled layers (``engine``),
rounded to float16 before use, so states read back from the training store and
states fresh from the encoder score the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spinscope.persuasion.phrases import TokenTagger


def _segment_softmax(e: np.ndarray, starts: np.ndarray, owner: np.ndarray) -> np.ndarray:
    top = np.maximum.reduceat(e, starts, axis=0)
    ex = np.exp(e - top[owner])
    return ex / np.add.reduceat(ex, starts, axis=0)[owner]


# Token rows of the "passage: " prefix ("▁passage", ":"), which every text shares.
PREFIX_TOKENS = 2


def content_states(states: np.ndarray) -> np.ndarray:
    """A text's token states without the prefix, as float16 (what the head reads)."""
    skip = min(PREFIX_TOKENS, len(states) - 1)
    return np.asarray(states[skip:], np.float16)


def content_spans(spans: np.ndarray) -> np.ndarray:
    """The character spans of the rows ``content_states`` keeps (its rule, on spans)."""
    skip = min(PREFIX_TOKENS, len(spans) - 1)
    return np.maximum(spans[skip:], 0)


class _TextScorer:
    """Scores whole texts from their token states, given ``predict_proba`` on tokens."""

    n_labels: int

    def predict_proba(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def score_texts(self, states: Sequence[np.ndarray]) -> np.ndarray:
        """Probabilities, one row per text, from each text's ``content_states``."""
        if not states:
            return np.zeros((0, self.n_labels), np.float32)
        lengths = np.array([len(s) for s in states])
        return self.predict_proba(np.concatenate(states), lengths).astype(np.float32)


class TokenAttentionHead(_TextScorer):
    """Per-technique attention over a sentence's token states."""

    def __init__(
        self, dim: int, hidden: int, n_labels: int, seed: int = 0, labels: Sequence[str] = ()
    ) -> None:
        self.labels = tuple(labels)
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
        """One logit row per text; ``x`` holds the texts' tokens back to back."""
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
        """Adam (decoupled weight decay) on the mean binary cross-entropy of the logits."""
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

    @property
    def n_labels(self) -> int:
        return int(self.params["b2"].shape[0])

    def snapshot(self) -> TokenAttentionHead:
        """A frozen copy of the current weights (training goes on in ``self``)."""
        return self.from_arrays({k: v.copy() for k, v in self.arrays().items()}, self.labels)

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything that defines the head's scores: weights and input scaling."""
        return {**self.params, "mean": self.mean, "scale": self.scale}

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, np.ndarray], labels: Sequence[str]
    ) -> TokenAttentionHead:
        dim, hidden = arrays["W1"].shape
        head = cls(dim, hidden, arrays["W2"].shape[1], labels=labels)
        head.params = {k: arrays[k] for k in head.params}
        head.mean, head.scale = arrays["mean"], arrays["scale"]
        return head

    @property
    def cache_id(self) -> str:
        """Names these weights in the score cache: retrained weights never reuse old scores."""
        digest = hashlib.sha1()
        for key in sorted(self.params):
            digest.update(np.ascontiguousarray(self.params[key]).tobytes())
        digest.update(self.mean.tobytes() + self.scale.tobytes())
        return f"attention-{digest.hexdigest()[:16]}"

    def save(self, path: Path) -> None:
        np.savez_compressed(path, labels=np.array(self.labels), **self.arrays())

    @classmethod
    def load(cls, path: Path) -> TokenAttentionHead:
        data = np.load(path)
        return cls.from_arrays(data, [str(x) for x in data["labels"]])


class AttentionEnsemble(_TextScorer):
    """The mean probability of several attention heads: seeds and epoch snapshots.

    One head's scores move with its seed and with the epoch it stops at (it starts
    overfitting after about four epochs); averaging two seeds' weights at epochs
    4, 6 and 8 steadied it, and the blend then gave it more weight
    (``benchmarks/results/token_states.md``). Snapshots cost no extra training.
    """

    def __init__(self, heads: Sequence[TokenAttentionHead]) -> None:
        if not heads:
            raise ValueError("an attention ensemble needs at least one head")
        self.heads = list(heads)

    @classmethod
    def fit(
        cls,
        x: np.ndarray,
        lengths: np.ndarray,
        y: np.ndarray,
        hidden: int,
        seeds: Sequence[int],
        snapshots: Sequence[int],
        lr: float = 1e-3,
        weight_decay: float = 1e-4,
        labels: Sequence[str] = (),
        progress: Callable[[int, int, float], None] | None = None,
    ) -> AttentionEnsemble:
        """One head per seed, trained ``max(snapshots)`` epochs, kept at each snapshot epoch."""
        heads: list[TokenAttentionHead] = []
        for seed in seeds:
            head = TokenAttentionHead(x.shape[1], hidden, y.shape[1], seed=seed, labels=labels)

            def keep(epoch: int, loss: float, head=head, seed=seed) -> None:
                if epoch + 1 in snapshots:
                    heads.append(head.snapshot())
                if progress:
                    progress(seed, epoch, loss)

            head.fit(
                x,
                lengths,
                y,
                epochs=max(snapshots),
                lr=lr,
                weight_decay=weight_decay,
                progress=keep,
            )
        return cls(heads)

    @property
    def labels(self) -> tuple[str, ...]:
        return self.heads[0].labels

    @property
    def n_labels(self) -> int:
        return self.heads[0].n_labels

    def predict_proba(self, x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        return np.mean([h.predict_proba(x, lengths) for h in self.heads], axis=0)

    @property
    def cache_id(self) -> str:
        """Names the members' weights together in the score cache."""
        if len(self.heads) == 1:
            return self.heads[0].cache_id
        digest = hashlib.sha1("+".join(h.cache_id for h in self.heads).encode())
        return f"attention-{digest.hexdigest()[:16]}"

    def save(self, path: Path) -> None:
        arrays = {"labels": np.array(self.labels), "members": np.array(len(self.heads))}
        for i, head in enumerate(self.heads):
            arrays |= {f"{i}.{k}": v for k, v in head.arrays().items()}
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path) -> AttentionEnsemble:
        """An ensemble file, or a single head's file (models saved before ensembles)."""
        data = np.load(path)
        if "members" not in data:
            return cls([TokenAttentionHead.load(path)])
        labels = [str(x) for x in data["labels"]]
        members = [
            {k.split(".", 1)[1]: data[k] for k in data.files if k.startswith(f"{i}.")}
            for i in range(int(data["members"]))
        ]
        return cls([TokenAttentionHead.from_arrays(m, labels) for m in members])


# What scores texts from token states: one head, or an ensemble of them.
AttentionScorer = TokenAttentionHead | AttentionEnsemble


@dataclass(frozen=True)
class AttentionHeads:
    """The two heads that read token states, fed by one encoder pass.

    ``sentence`` scores each sentence (its scores are pooled over the paragraph);
    ``paragraph`` scores a paragraph's sentences' tokens back to back against the
    paragraph's own labels (``benchmarks/results/paragraph_attention.md``); None in
    models trained before it existed.
    """

    sentence: AttentionScorer
    paragraph: AttentionScorer | None = None
    # The word-state phrase tagger: its piece logits are cached in the same pass
    # (``word_states.piece_logits``); None when phrases are not asked for.
    words: TokenTagger | None = None
