"""Other ways to turn the technique score sources into decisions, on the same scores.

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models --dump .cache/oof
    python benchmarks/bench_decision_layer.py --oof .cache/oof/techniques_oof.npz

``spinscope train`` decides with one blend of the out-of-fold score sources
(weights on a 0.05 grid) and one threshold per technique for every language. This
benchmark asks whether a richer decision layer would have done better, reading only
the dumped out-of-fold scores, so nothing is retrained:

- per-language thresholds (each language tunes its own 23 thresholds);
- per-language thresholds shrunk toward the shared ones by the label's support in that
  language, n / (n + KAPPA) of the way (empirical-Bayes style: a rare label keeps
  nearly the shared threshold, a frequent one nearly its own);
- shared per-label thresholds pulled half-way toward one threshold for all labels
  (rare labels' thresholds are the noisiest);
- the shared thresholds plus one offset per language (one number per language
  instead of 23, so far less noise than per-language thresholds);
- shared thresholds tuned for the mean of the six languages' micro-F1, the figure the
  targets are set on, instead of micro-F1 over all paragraphs (which English dominates);
- each source calibrated per technique (Platt scaling of its logit) before the blend,
  so the weights mix probabilities on one scale;
- per-language blend weights (each language searches its own weights; thresholds shared);
- per-technique blend weights for the most frequent techniques (each, in turn, moves its
  own weights from the shared ones while that lifts the nested micro-F1 of the training
  folds, the other labels' decisions held; rarer techniques keep the shared weights);
- cross-label stacking: per technique, a logistic regression on the logits of all 23
  blended scores and the language, which can learn that techniques come together
  (loaded language with name calling); alone, and averaged half and half with the blend;
- rules on how many labels a paragraph gets: at most N (those furthest over their
  thresholds), and a paragraph with none over threshold given its best label when it
  reaches a share of its threshold; N and the share chosen on the other folds, from a
  grid that includes "no rule".

Every figure is nested like the model card's: fold k is decided by weights, thresholds
and stackers fitted on the other folds only. Results go to
``benchmarks/results/decision_layer.md``. About 4 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

import numpy as np
from sklearn.linear_model import LogisticRegression

from spinscope.persuasion.blend import blend, search_weights
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.heads import (
    THRESHOLD_GRID,
    micro_f1,
    micro_f1_by_threshold,
    tune_thresholds,
)
from spinscope.persuasion.model import SOURCES
from spinscope.persuasion.train_metrics import figures_per_language

RESULTS = Path(__file__).resolve().parent / "results" / "decision_layer.md"
KAPPA = 200  # positives at which a language's own threshold gets half the say
ONE_THRESHOLD_GRID = np.linspace(0.05, 0.9, 86)
LANGUAGE_OFFSETS = np.linspace(-0.1, 0.1, 21)
NO_CAP = 23
LABEL_CAPS = (NO_CAP, 6, 5, 4, 3)  # at most this many labels a paragraph
EMPTY_FLOORS = (1.0, 0.9, 0.8, 0.7)  # share of its threshold a lone best label needs


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


class Folds:
    """The dumped out-of-fold scores, with one blend per fold chosen on the other folds."""

    def __init__(self, oof: np.lib.npyio.NpzFile, log: Callable[[str], None]) -> None:
        self.y = oof["y"]
        self.langs = oof["langs"]
        self.folds = oof["folds"] % 5
        self.sources = {name: oof[name] for name in SOURCES}
        self.languages = sorted(set(self.langs))
        self.one_hot = np.stack([self.langs == lang for lang in self.languages], 1).astype(float)
        self.blends: dict[int, np.ndarray] = {}
        self.weights: dict[int, dict[str, float]] = {}
        for k in self.ids:
            train = self.folds != k
            weights, _ = search_weights(
                self.y[train], {n: s[train] for n, s in self.sources.items()}, self.folds[train]
            )
            self.weights[k] = weights
            self.blends[k] = blend(self.sources, weights)
            log(f"fold {k}: blend weights {weights}")

    @property
    def ids(self) -> list[int]:
        return [int(k) for k in np.unique(self.folds)]

    def decide(self, decider: Callable[[int, np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
        """Predictions assembled fold by fold; ``decider(k, train, test)`` sees fold k's masks."""
        pred = np.zeros_like(self.y)
        for k in self.ids:
            test = self.folds == k
            pred[test] = decider(k, self.folds != k, test)
        return pred

    def thresholds(self, scores: np.ndarray, train: np.ndarray) -> np.ndarray:
        return tune_thresholds(self.y[train], scores[train], rounds=1)


def global_thresholds(f: Folds) -> np.ndarray:
    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = f.blends[k]
        return scores[test] >= f.thresholds(scores, train)

    return f.decide(decider)


def language_rule(
    f: Folds, own: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
) -> np.ndarray:
    """Each language decided by ``own(scores, its training rows, shared thresholds)``."""

    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = f.blends[k]
        shared = f.thresholds(scores, train)
        out = np.zeros((int(test.sum()), f.y.shape[1]), f.y.dtype)
        for lang in f.languages:
            mask = f.langs == lang
            out[mask[test]] = scores[test & mask] >= own(scores, train & mask, shared)
        return out

    return f.decide(decider)


def per_language_thresholds(f: Folds) -> np.ndarray:
    return language_rule(f, lambda scores, rows, _shared: f.thresholds(scores, rows))


def shrunk_language_thresholds(f: Folds, kappa: float = KAPPA) -> np.ndarray:
    def own(scores: np.ndarray, rows: np.ndarray, shared: np.ndarray) -> np.ndarray:
        support = f.y[rows].sum(0)
        pull = support / (support + kappa)
        return shared + pull * (f.thresholds(scores, rows) - shared)

    return language_rule(f, own)


def language_offsets(f: Folds) -> np.ndarray:
    def own(scores: np.ndarray, rows: np.ndarray, shared: np.ndarray) -> np.ndarray:
        f1 = [micro_f1(f.y[rows], scores[rows] >= shared + d) for d in LANGUAGE_OFFSETS]
        return shared + LANGUAGE_OFFSETS[int(np.argmax(f1))]

    return language_rule(f, own)


def thresholds_toward_one(f: Folds, share: float = 0.5) -> np.ndarray:
    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = f.blends[k]
        f1 = [micro_f1(f.y[train], scores[train] >= t) for t in ONE_THRESHOLD_GRID]
        one = ONE_THRESHOLD_GRID[int(np.argmax(f1))]
        th = (1 - share) * f.thresholds(scores, train) + share * one
        return scores[test] >= th

    return f.decide(decider)


def mean_over_languages_thresholds(
    gold: np.ndarray, scores: np.ndarray, langs: np.ndarray
) -> np.ndarray:
    """``tune_thresholds`` (one round, same grid) maximising the mean of per-language micro-F1."""
    gold = gold.astype(bool)
    masks = [langs == lang for lang in sorted(set(langs))]
    thresholds = np.full(gold.shape[1], 0.3)
    predicted = scores >= thresholds
    for j in range(gold.shape[1]):
        mean_f1 = np.mean(
            [
                micro_f1_by_threshold(gold[own], predicted[own], scores[own], j, THRESHOLD_GRID)
                for own in masks
            ],
            axis=0,
        )
        thresholds[j] = THRESHOLD_GRID[int(np.argmax(mean_f1))]
        predicted[:, j] = scores[:, j] >= thresholds[j]
    return thresholds


def mean_objective_thresholds(f: Folds) -> np.ndarray:
    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = f.blends[k]
        th = mean_over_languages_thresholds(f.y[train], scores[train], f.langs[train])
        return scores[test] >= th

    return f.decide(decider)


def calibrated_sources(f: Folds) -> np.ndarray:
    logits = {name: logit(source) for name, source in f.sources.items()}

    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        calibrated = {}
        for name, source in logits.items():
            out = np.zeros(source.shape, np.float32)
            for j in range(f.y.shape[1]):
                x = source[:, j : j + 1]
                model = LogisticRegression().fit(x[train], f.y[train, j])
                out[:, j] = model.predict_proba(x)[:, 1]
            calibrated[name] = out
        weights, _ = search_weights(
            f.y[train], {n: s[train] for n, s in calibrated.items()}, f.folds[train]
        )
        scores = blend(calibrated, weights)
        return scores[test] >= f.thresholds(scores, train)

    return f.decide(decider)


def per_language_weights(f: Folds) -> np.ndarray:
    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = np.zeros(f.y.shape, np.float32)
        for lang in f.languages:
            own = f.langs == lang
            rows = train & own
            weights, _ = search_weights(
                f.y[rows], {n: s[rows] for n, s in f.sources.items()}, f.folds[rows]
            )
            scores[own] = blend({n: s[own] for n, s in f.sources.items()}, weights)
        return scores[test] >= f.thresholds(scores, train)

    return f.decide(decider)


def _label_decisions(
    gold: np.ndarray, held: np.ndarray, column: np.ndarray, j: int, folds: np.ndarray
) -> np.ndarray:
    """Label ``j``'s nested decisions from ``column``, the other labels' ``held`` decisions
    fixed: each inner fold's threshold maximises micro-F1 on the other inner folds."""
    out = held[:, j].copy()
    for k in np.unique(folds):
        fit, apply = folds != k, folds == k
        scores = np.zeros((int(fit.sum()), gold.shape[1]), np.float32)
        scores[:, j] = column[fit]
        f1 = micro_f1_by_threshold(gold[fit], held[fit], scores, j, THRESHOLD_GRID)
        out[apply] = column[apply] >= THRESHOLD_GRID[int(np.argmax(f1))]
    return out


def _label_weights(
    gold: np.ndarray, held: np.ndarray, sources: np.ndarray, j: int, start: list[float], folds
) -> list[float]:
    """Coordinate ascent (0.05 steps, as ``search_weights``) on label ``j``'s own weights."""
    counts = [round(w / 0.05) for w in start]

    def score(trial: list[int]) -> float:
        column = np.tensordot(np.array(trial, np.float32) * 0.05, sources[:, :, j], axes=1)
        pred = held.copy()
        pred[:, j] = _label_decisions(gold, held, column, j, folds)
        return micro_f1(gold, pred)

    best = score(counts)
    while True:
        moves = [
            (score(trial), trial)
            for a in range(len(counts))
            for b in range(len(counts))
            if a != b and counts[a] > 0
            for trial in [[c - (i == a) + (i == b) for i, c in enumerate(counts)]]
        ]
        f1, trial = max(moves, key=lambda m: m[0])
        if f1 <= best + 1e-6:
            return [c * 0.05 for c in counts]
        best, counts = f1, trial


def per_technique_weights(f: Folds, top: int = 6) -> np.ndarray:
    names = list(f.sources)
    stacked = np.stack([f.sources[n] for n in names])

    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        gold, folds = f.y[train].astype(bool), f.folds[train]
        shared = [f.weights[k][n] for n in names]
        weights = np.tile(np.array(shared, np.float32)[:, None], (1, f.y.shape[1]))
        held = np.zeros_like(gold)
        for inner in np.unique(folds):
            fit = folds != inner
            th = tune_thresholds(gold[fit], f.blends[k][train][fit], rounds=1)
            held[folds == inner] = f.blends[k][train][folds == inner] >= th
        for j in np.argsort(-gold.sum(0))[:top]:
            own = _label_weights(gold, held, stacked[:, train], int(j), shared, folds)
            weights[:, j] = own
            column = np.tensordot(np.array(own, np.float32), stacked[:, train, j], axes=1)
            held[:, j] = _label_decisions(gold, held, column, int(j), folds)
        scores = np.einsum("sj,snj->nj", weights, stacked)
        return scores[test] >= f.thresholds(scores, train)

    return f.decide(decider)


def stacked_scores(f: Folds, c: float = 1.0) -> dict[int, np.ndarray]:
    """Per fold: cross-label stacker scores for every row, fitted on the other folds."""
    stacked = {}
    for k in f.ids:
        train = f.folds != k
        x = np.hstack([logit(f.blends[k]), f.one_hot])
        out = np.zeros(f.y.shape, np.float32)
        for j in range(f.y.shape[1]):
            model = LogisticRegression(C=c, max_iter=500).fit(x[train], f.y[train, j])
            out[:, j] = model.predict_proba(x)[:, 1]
        stacked[k] = out
    return stacked


def stacking(f: Folds, stacked: dict[int, np.ndarray], share: float) -> np.ndarray:
    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = share * stacked[k] + (1 - share) * f.blends[k]
        return scores[test] >= f.thresholds(scores, train)

    return f.decide(decider)


def count_rule(scores: np.ndarray, th: np.ndarray, cap: int, floor: float) -> np.ndarray:
    """Thresholds, then at most ``cap`` labels a paragraph (largest score/threshold first),
    then a paragraph left without labels gets its best one if it reaches ``floor`` of its
    threshold (``floor`` 1 adds nothing)."""
    ratio = scores / th
    pred = ratio >= 1
    if cap < NO_CAP:
        order = np.argsort(-np.where(pred, ratio, -np.inf), axis=1)
        keep = np.zeros_like(pred)
        np.put_along_axis(keep, order[:, :cap], True, axis=1)
        pred &= keep
    best = ratio.argmax(1)
    lone = ~pred.any(1) & (ratio[np.arange(len(ratio)), best] >= floor)
    pred[np.flatnonzero(lone), best[lone]] = True
    return pred


def label_count_rules(f: Folds, log: Callable[[str], None]) -> np.ndarray:
    grid = [(cap, floor) for cap in LABEL_CAPS for floor in EMPTY_FLOORS]

    def decider(k: int, train: np.ndarray, test: np.ndarray) -> np.ndarray:
        scores = f.blends[k]
        th = f.thresholds(scores, train)
        cap, floor = max(
            grid, key=lambda rule: micro_f1(f.y[train], count_rule(scores[train], th, *rule))
        )
        log(f"fold {k}: at most {cap} labels, a lone best label from {floor} of its threshold")
        return count_rule(scores[test], th, cap, floor)

    return f.decide(decider)


def figures(f: Folds, pred: np.ndarray) -> dict[str, float]:
    """Micro-F1 per language, overall and mean over languages, as the model card computes them."""
    by_group = figures_per_language(f.y, pred, f.langs)
    return {str(group): result["micro_f1"] for group, result in by_group.items()}


class DumpRun(NamedTuple):
    """A benchmark run on the dumped out-of-fold technique scores."""

    args: argparse.Namespace
    oof: np.lib.npyio.NpzFile
    log: Callable[[str], None]
    began: float


def open_dump(description: str) -> DumpRun | None:
    """Parse ``--oof`` and load it; None, having said why, when it is not a file."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--oof", required=True, help="techniques_oof.npz (spinscope train --dump)")
    args = parser.parse_args()
    path = Path(args.oof)
    if not path.is_file():
        print(f"{path}: no such file (run spinscope train with --dump first)", file=sys.stderr)
        return None
    began = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - began:5.0f} s] {message}", flush=True)

    return DumpRun(args, np.load(path), log, began)


def main() -> int:
    run = open_dump(__doc__.split("\n\n")[0])
    if run is None:
        return 2
    log = run.log
    f = Folds(run.oof, log)
    methods: dict[str, Callable[[], np.ndarray]] = {
        "one blend, global thresholds (shipped)": lambda: global_thresholds(f),
        "per-language thresholds": lambda: per_language_thresholds(f),
        f"per-language thresholds shrunk to shared (κ={KAPPA})": partial(
            shrunk_language_thresholds, f
        ),
        "thresholds half-way to one for all labels": lambda: thresholds_toward_one(f),
        "shared thresholds + one offset per language": partial(language_offsets, f),
        "thresholds tuned for the mean over languages": partial(mean_objective_thresholds, f),
        "sources calibrated per technique, then blended": partial(calibrated_sources, f),
        "per-language blend weights": lambda: per_language_weights(f),
        "per-technique blend weights, six most frequent techniques": partial(
            per_technique_weights, f
        ),
        "labels a paragraph: a cap, and a floor for none (chosen per fold)": partial(
            label_count_rules, f, log
        ),
    }
    rows: dict[str, dict[str, float]] = {}
    for name, method in methods.items():
        rows[name] = figures(f, method())
        log(f"{name}: {rows[name]}")
    stacked = stacked_scores(f)
    for share, name in ((1.0, "cross-label stacking"), (0.5, "stacking ½ + blend ½")):
        rows[name] = figures(f, stacking(f, stacked, share))
        log(f"{name}: {rows[name]}")

    write_results(
        RESULTS,
        "other decision layers on the same out-of-fold scores",
        "bench_decision_layer.py",
        run,
        [
            "Blend weights,",
            "  thresholds and stackers applied to each fold were fitted on the other folds only.",
        ],
        markdown_table(rows, [*f.languages, "all", "mean_over_languages"]),
    )
    return 0


def write_results(
    path: Path, subject: str, script: str, run: DumpRun, method: list[str], table: list[str]
) -> None:
    """A techniques benchmark's results file: what ran, how it was nested, the table."""
    lines = [
        f"# Techniques: {subject}",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python benchmarks/{script} --oof {run.args.oof}`, "
        f"{time.time() - run.began:.0f} s on 2 cores.",
        "- Paragraph micro-F1 (the official metric), 5 folds grouped by article. " + method[0],
        *method[1:],
        "",
        *table,
    ]
    path.write_text("\n".join(lines) + "\n")
    run.log(f"written {path}")


if __name__ == "__main__":
    raise SystemExit(main())
