"""How much each paragraph score source counts, and honest figures for that choice.

Several sources (``model.SOURCES``) score every paragraph; their weights and the per-label
thresholds are both fitted to out-of-fold scores. Reported figures must not
reuse the fold they score for either choice, so ``nested_blend_decisions``
picks weights and thresholds on the other folds only, fold by fold.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from spinscope.persuasion.heads import micro_f1, tune_thresholds

STEP = 0.05


def nested_decisions(y: np.ndarray, scores: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Predictions where each fold's thresholds were tuned on the other folds only."""
    pred = np.zeros_like(y)
    for k in np.unique(folds):
        th = tune_thresholds(y[folds != k], scores[folds != k], rounds=1)
        pred[folds == k] = scores[folds == k] >= th
    return pred


def blend(sources: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    return sum(weights[name] * sources[name] for name in sources).astype(np.float32)


def restricted(weights: dict[str, float], kept: tuple[str, ...]) -> dict[str, float]:
    """Weights giving only the ``kept`` sources a share, in their trained proportions."""
    chosen = {name: (w if name in kept else 0.0) for name, w in weights.items()}
    total = sum(chosen.values())
    if total <= 0:
        raise ValueError(f"no weight on {', '.join(kept)} in {weights}")
    return {name: round(w / total, 4) for name, w in chosen.items()}


def mixed(weights: dict[str, float], kept: tuple[str, ...], share: float) -> dict[str, float]:
    """``share`` of the weights ``restricted`` to ``kept``, the rest the weights as they are."""
    part = restricted(weights, kept)
    return {name: round(share * part[name] + (1 - share) * w, 4) for name, w in weights.items()}


def search_weights(
    y: np.ndarray,
    sources: dict[str, np.ndarray],
    folds: np.ndarray,
    log: Callable[[str], None] | None = None,
) -> tuple[dict[str, float], float]:
    """Weights on a ``STEP`` grid summing to 1 with the best nested micro-F1.

    Coordinate ascent from equal weights: move one step of weight between two
    sources while that helps. A full grid over six sources would need
    thousands of nested tunings; the ascent needs a few dozen.
    """
    names = list(sources)
    units = round(1 / STEP)
    share = [units // len(names)] * len(names)
    for i in range(units - sum(share)):
        share[i] += 1

    def score(counts: list[int]) -> float:
        weights = {n: c * STEP for n, c in zip(names, counts, strict=True)}
        return micro_f1(y, nested_decisions(y, blend(sources, weights), folds))

    best = score(share)
    while True:
        moves = []
        for i in range(len(names)):
            for j in range(len(names)):
                if i != j and share[i] > 0:
                    trial = list(share)
                    trial[i] -= 1
                    trial[j] += 1
                    moves.append((score(trial), trial))
        f, trial = max(moves, key=lambda m: m[0])
        if f <= best:
            break
        best, share = f, trial
        if log:
            log(f"blend search: {dict(zip(names, share, strict=True))} steps → {best:.4f}")
    return {n: round(c * STEP, 2) for n, c in zip(names, share, strict=True)}, best


def nested_blend_decisions(
    y: np.ndarray, sources: dict[str, np.ndarray], folds: np.ndarray
) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Predictions where each fold's blend weights and thresholds come from the other folds."""
    pred = np.zeros_like(y)
    chosen = []
    for k in np.unique(folds):
        train, test = folds != k, folds == k
        weights, _ = search_weights(
            y[train], {n: s[train] for n, s in sources.items()}, folds[train]
        )
        scores = blend(sources, weights)
        th = tune_thresholds(y[train], scores[train], rounds=1)
        pred[test] = scores[test] >= th
        chosen.append(weights)
    return pred, chosen


def nested_blend_scores(
    sources: dict[str, np.ndarray], folds: np.ndarray, fold_weights: list[dict[str, float]]
) -> np.ndarray:
    """Each paragraph's blended score under its fold's weights (``nested_blend_decisions``'
    second value, in fold order): the scores its nested decisions were taken on."""
    first = next(iter(sources.values()))
    scores = np.zeros(first.shape, np.float32)
    for k, weights in zip(np.unique(folds), fold_weights, strict=True):
        test = folds == k
        scores[test] = blend({n: s[test] for n, s in sources.items()}, weights)
    return scores
