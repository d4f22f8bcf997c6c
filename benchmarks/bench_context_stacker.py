"""A stacker per technique over the dumped sources and the paragraph's context.

Usage::

    python benchmarks/bench_context_stacker.py --oof .cache/oof/techniques_oof.npz

``bench_decision_layer.py`` tried a linear cross-label stacker and kept its thresholds
tuned on its own in-sample scores. This one asks the wider question with the
thresholds done properly. Per technique, a model reads:

- the eight sources' logits for that technique;
- the 23 blended logits (techniques that come together);
- the article's mean and maximum blended logit for the technique, and the previous
  and next paragraphs' (what the article-context step reads);
- the language, whether the row is the title, its place in the article and the
  article's paragraph count (short and title rows are under-flagged).

Two models: gradient-boosted trees (sklearn's HistGradientBoosting) and a logistic
regression on standardised features. Each is blended with the shipped blend at a
share of ¼, ½ or 1. For fold k, the stacker is fitted on the other folds; the
thresholds are tuned on the other folds' *inner* out-of-fold stacker scores (each
fitted without its own fold), never on scores a model saw in training. Nothing is
retrained. Results go to ``benchmarks/results/context_stacker.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from bench_decision_layer import (
    Folds,
    figures,
    global_thresholds,
    logit,
    open_dump,
    write_results,
)
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.heads import tune_thresholds

RESULTS = Path(__file__).resolve().parent / "results" / "context_stacker.md"
SHARES = (0.25, 0.5, 1.0)
MIN_POSITIVES = 5  # a technique with fewer in the training rows keeps the blend alone


def stacker(kind: str):
    if kind == "boosted trees":
        return HistGradientBoostingClassifier(
            max_iter=150,
            learning_rate=0.05,
            max_leaf_nodes=15,
            min_samples_leaf=40,
            l2_regularization=1.0,
            random_state=0,
        )
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=1000))


class Context:
    """Per row: where it sits in its article (fixed), and the per-technique features
    built from one fold's blend."""

    def __init__(self, f: Folds, article_index: np.ndarray, is_title: np.ndarray) -> None:
        self.f = f
        self.groups = [np.flatnonzero(article_index == a) for a in np.unique(article_index)]
        n = len(article_index)
        place, count = np.zeros(n), np.zeros(n)
        for rows in self.groups:
            place[rows] = np.arange(len(rows)) / max(1, len(rows) - 1)
            count[rows] = len(rows)
        self.fixed = np.column_stack([f.one_hot, is_title.astype(float), place, np.log1p(count)])

    def features(self, blended: np.ndarray) -> list[np.ndarray]:
        """One matrix per technique."""
        lb = logit(blended)
        mean, top, previous, following = (np.zeros_like(lb) for _ in range(4))
        for rows in self.groups:
            mean[rows], top[rows] = lb[rows].mean(0), lb[rows].max(0)
            previous[rows[1:]], following[rows[:-1]] = lb[rows[:-1]], lb[rows[1:]]
        shared = np.column_stack([lb, self.fixed])
        names = list(self.f.sources)
        return [
            np.column_stack(
                [
                    *(logit(self.f.sources[s][:, j]) for s in names),
                    mean[:, j],
                    top[:, j],
                    previous[:, j],
                    following[:, j],
                    shared,
                ]
            ).astype(np.float32)
            for j in range(lb.shape[1])
        ]


def fitted_scores(kind: str, x: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray):
    if y[train].sum() < MIN_POSITIVES:
        return None
    model = stacker(kind).fit(x[train], y[train])
    return model.predict_proba(x[test])[:, 1].astype(np.float32)


def stacked_decisions(
    f: Folds, context: Context, kind: str, log: Callable[[str], None]
) -> dict[float, np.ndarray]:
    """Per share, the nested decisions of the blend mixed with the stacker."""
    decisions = {share: np.zeros_like(f.y) for share in SHARES}
    for k in f.ids:
        train, test = f.folds != k, f.folds == k
        blended = f.blends[k]
        per_technique = context.features(blended)
        inner, outer = blended.copy(), blended.copy()  # a skipped technique keeps the blend
        for j, x in enumerate(per_technique):
            y = f.y[:, j]
            for i in f.ids:
                if i != k:
                    rows = f.folds == i
                    scores = fitted_scores(kind, x, y, train & ~rows, rows)
                    if scores is not None:
                        inner[rows, j] = scores
            scores = fitted_scores(kind, x, y, train, test)
            if scores is not None:
                outer[test, j] = scores
        for share in SHARES:
            tuned = share * inner + (1 - share) * blended
            thresholds = tune_thresholds(f.y[train], tuned[train], rounds=1)
            applied = share * outer + (1 - share) * blended
            decisions[share][test] = applied[test] >= thresholds
        log(f"{kind}: fold {k} decided")
    return decisions


def main() -> int:
    run = open_dump(__doc__.split("\n\n")[0])
    if run is None:
        return 2
    oof, log = run.oof, run.log
    f = Folds(oof, log)
    context = Context(f, oof["article_index"], oof["is_title"])
    rows = {"one blend, global thresholds (shipped)": figures(f, global_thresholds(f))}
    for kind in ("boosted trees", "logistic regression"):
        for share, decided in stacked_decisions(f, context, kind, log).items():
            name = f"{kind} stacker alone" if share == 1 else f"{kind} stacker {share:g} + blend"
            rows[name] = figures(f, decided)
            log(f"{name}: {rows[name]}")

    write_results(
        RESULTS,
        "a stacker per technique over the sources and the paragraph's context",
        "bench_context_stacker.py",
        run,
        [
            "For fold k,",
            "  blend weights and stackers were fitted on the other folds, and thresholds tuned on",
            "  those folds' inner out-of-fold stacker scores.",
        ],
        markdown_table(rows, [*f.languages, "all", "mean_over_languages"]),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
