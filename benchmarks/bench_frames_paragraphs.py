"""Would frames gain from reading the article paragraph by paragraph, as genre does?

Usage::

    spinscope train --data ../shared/data/semeval2023 --dump .cache/oof   # or --only-article-heads
    python benchmarks/bench_frames_paragraphs.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof --c 0.002 0.01 0.05

Frames are the vector head (article vectors and technique profile) blended with an
n-gram head. Genre also averages in a head trained on every body paragraph, labelled
with its article's genre (``genre_paragraphs.py``). This builds the same view for
frames: per frame, a logistic regression on each body paragraph's mean sentence vector
and language, labelled with its article's frames, each article's paragraphs weighing
one article together; an article's score is the mean of its paragraphs'. Out of fold on
the dump's folds, the paragraph head alone and blended with the two shipped views,
weights and thresholds chosen on the other folds as the model card does. The vectors
come from the encoder's cache (``--cache``: every sentence the full run embedded). About 4 minutes
on 2 cores with a warm cache, plus a minute per C; results go to
``benchmarks/results/frames_paragraphs.md``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from bench_frames_ngrams import frame_texts, out_of_fold, write_report
from sklearn.linear_model import LogisticRegression

from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import collect, embed
from spinscope.persuasion.encoder import Encoder, VectorCache
from spinscope.persuasion.genre_paragraphs import paragraph_rows
from spinscope.persuasion.heads import fit_linear
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import FRAME_NAMES
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_metrics import micro_f1_table

RESULTS = Path(__file__).resolve().parent / "results" / "frames_paragraphs.md"


def paragraph_inputs(data: str, y: np.ndarray, cache: Path) -> list[np.ndarray]:
    """Per article with frames gold (the dump's order), its body paragraphs' rows."""
    split = load_split(data, "train")
    frames = split.frames or {}
    kept = [a for a in collect(split) if a.paragraphs and a.article.id in frames]
    if len(kept) != len(y):
        raise SystemExit(f"{data}: its articles are not the dump's; rerun train --dump")
    embed(kept, Encoder(VectorCache(cache)), latents=False)
    return [paragraph_rows(a.inputs, a.language) for a in kept]


def paragraph_view(
    rows: list[np.ndarray], y: np.ndarray, folds: np.ndarray, c: float
) -> np.ndarray:
    """Out-of-fold article scores: the mean of the paragraph head's probabilities (0 for
    an article without a body paragraph)."""
    scores = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        train = [i for i in np.flatnonzero(folds != k) if len(rows[i])]
        stacked = np.concatenate([rows[i] for i in train])
        mean, spread = stacked.mean(0), stacked.std(0) + 1e-6
        x = (stacked - mean) / spread
        weight = np.concatenate([np.full(len(rows[i]), 1 / len(rows[i])) for i in train])
        weight *= len(weight) / weight.sum()
        targets = np.concatenate([np.repeat(y[i][None], len(rows[i]), 0) for i in train])
        models = [
            LogisticRegression(C=c, max_iter=1000).fit(x, targets[:, j], sample_weight=weight)
            if 0 < targets[:, j].sum() < len(targets)
            else None
            for j in range(y.shape[1])
        ]
        for i in np.flatnonzero(folds == k):
            if len(rows[i]):
                article = (rows[i] - mean) / spread
                scores[i] = [
                    m.predict_proba(article)[:, 1].mean() if m is not None else 0.0 for m in models
                ]
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--oof", required=True, help="dump folder of `train --dump`")
    parser.add_argument("--c", type=float, nargs="+", default=[0.05], help="paragraph head Cs")
    parser.add_argument("--cache", default=".cache/embeddings.sqlite", help="vector cache")
    args = parser.parse_args(argv)
    config = TrainConfig()
    began = time.time()
    dump = np.load(Path(args.oof) / "frames_rows.npz")
    x, y, langs, folds = (dump[k] for k in ("x", "y", "langs", "folds"))
    texts = np.array(frame_texts(args.data, y), dtype=object)
    rows_by_article = paragraph_inputs(args.data, y, Path(args.cache))
    shipped = {
        "vectors": out_of_fold(
            y,
            folds,
            lambda tr, te: fit_linear(x[tr], y[tr], FRAME_NAMES, c=config.frames_c).predict_proba(
                x[te]
            ),
        ),
        "lexical": out_of_fold(
            y,
            folds,
            lambda tr, te: LexicalHead.fit(
                list(texts[tr]), y[tr], FRAME_NAMES, c=config.frames_lexical_c
            ).predict_proba(list(texts[te])),
        ),
    }
    rows = {"shipped: vector head + n-gram head": nested_blend_decisions(y, shipped, folds)[0]}
    chosen = {}
    for c in args.c:
        paragraphs = paragraph_view(rows_by_article, y, folds, c)
        rows[f"paragraph head alone (C={c})"] = nested_decisions(y, paragraphs, folds)
        name = f"shipped + paragraph head (C={c})"
        views = {**shipped, "paragraphs": paragraphs}
        rows[name], chosen[name] = nested_blend_decisions(y, views, folds)
    columns, table = micro_f1_table(y, rows, langs)
    write_report(
        RESULTS,
        "a paragraph-by-paragraph head",
        f"bench_frames_paragraphs.py --data {args.data} --oof {args.oof} --c "
        + " ".join(map(str, args.c)),
        markdown_table(table, columns),
        [f"Weights chosen per fold, {k}: {v}\n" for k, v in chosen.items()],
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
