"""Does an n-gram head on the body, blended with the vector head, lift frames?

Usage::

    spinscope train --data ../shared/data/semeval2023 --dump .cache/oof   # or --only-article-heads
    python benchmarks/bench_frames_ngrams.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof --c 4 16 64

Frames are what an article is about (economy, security, morality …). Until 2026-12-06
they came from one logistic regression on the article's vectors and technique profile;
genre had long blended in a head on hashed n-grams of the text. This scores, out of fold
on the dump's article rows (``frames_rows.npz``, the rows the frames heads read), the
vector head alone and its blend with the n-gram head (``LexicalHead``, one C per row),
blend weight and thresholds chosen on the other folds as the model card does. It then
holds each training language out in turn, for the C the training config ships: the
vector head on the language's rows read as an unknown language, alone and blended with
an n-gram head trained on the other languages' texts at the weight chosen on all folds,
thresholds tuned on the other languages' out-of-fold scores (``held_out.frames_held_out``).
About 10 minutes per C and 12 for the held-out languages on 2 cores; results go to
``benchmarks/results/frames_ngrams.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.blend import (
    blend,
    nested_blend_decisions,
    nested_decisions,
    search_weights,
)
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import collect, multi_hot
from spinscope.persuasion.heads import fit_linear
from spinscope.persuasion.held_out import frames_held_out
from spinscope.persuasion.lexical import LexicalHead
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import FRAME_NAMES
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_metrics import micro_f1_table

RESULTS = Path(__file__).resolve().parent / "results" / "frames_ngrams.md"


def frame_texts(data: str, y: np.ndarray) -> list[str]:
    """The body of each article with frames gold, in the dump's order (checked on ``y``)."""
    split = load_split(data, "train")
    frames = split.frames or {}
    kept = [a for a in collect(split) if a.paragraphs and a.article.id in frames]
    gold = multi_hot([frames[a.article.id] for a in kept], FRAME_NAMES)
    if gold.shape != y.shape or not np.array_equal(gold, y):
        raise SystemExit(f"{data}: its articles are not the dump's; rerun train --dump")
    # the body as model.article_text reads it: every paragraph but the title, line 1
    return [" \n".join(p.text for p in a.paragraphs if p.line != 1) for a in kept]


def out_of_fold(y: np.ndarray, folds: np.ndarray, fit_predict) -> np.ndarray:
    """Each fold's scores from a head fitted on the other folds (``fit_predict(tr, te)``)."""
    scores = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        scores[folds == k] = fit_predict(folds != k, folds == k)
        print(f"fold {k + 1} done", file=sys.stderr, flush=True)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--oof", required=True, help="dump folder of `train --dump`")
    parser.add_argument("--c", type=float, nargs="+", default=[16.0], help="n-gram head Cs")
    args = parser.parse_args(argv)
    config = TrainConfig()
    began = time.time()
    dump = np.load(Path(args.oof) / "frames_rows.npz")
    x, unknown, y, langs, folds = (dump[k] for k in ("x", "unknown", "y", "langs", "folds"))
    texts = np.array(frame_texts(args.data, y), dtype=object)
    vectors = out_of_fold(
        y,
        folds,
        lambda tr, te: fit_linear(x[tr], y[tr], FRAME_NAMES, c=config.frames_c).predict_proba(
            x[te]
        ),
    )
    rows = {f"vector head alone (C={config.frames_c})": nested_decisions(y, vectors, folds)}
    chosen: dict[str, list] = {}
    shipped = None
    for c in args.c:
        lexical = out_of_fold(
            y,
            folds,
            lambda tr, te, c=c: LexicalHead.fit(
                list(texts[tr]), y[tr], FRAME_NAMES, c=c
            ).predict_proba(list(texts[te])),
        )
        views = {"vectors": vectors, "lexical": lexical}
        name = f"blend with the n-gram head (C={c})"
        rows[f"n-gram head alone (C={c})"] = nested_decisions(y, lexical, folds)
        rows[name], fold_weights = nested_blend_decisions(y, views, folds)
        chosen[name] = [w["lexical"] for w in fold_weights]
        if c == config.frames_lexical_c:
            shipped = views
    columns, table = micro_f1_table(y, rows, langs)
    held_lines = []
    if shipped is not None:
        weight = search_weights(y, shipped, folds)[0]["lexical"]
        held = {
            "vector head alone": frames_held_out(
                (x, unknown), list(texts), y, vectors, langs, (config.frames_c, 0.0, 0.0)
            ),
            f"blend, n-gram weight {weight}": frames_held_out(
                (x, unknown),
                list(texts),
                y,
                blend(shipped, {"vectors": 1 - weight, "lexical": weight}),
                langs,
                (config.frames_c, config.frames_lexical_c, weight),
            ),
        }
        held_table = {name: figures["micro_f1"] for name, figures in held.items()}
        held_columns = [*sorted(set(langs)), "mean"]
        held_lines = [
            "Each training language held out, read as an unknown language "
            f"(n-gram C={config.frames_lexical_c}):",
            "",
            *markdown_table(held_table, held_columns),
            "",
        ]
    write_report(
        RESULTS,
        "the vector head and an n-gram head",
        f"bench_frames_ngrams.py --data {args.data} --oof {args.oof} --c "
        + " ".join(map(str, args.c)),
        markdown_table(table, columns),
        [
            *(f"n-gram weight chosen per fold, {k}: {v}\n" for k, v in chosen.items()),
            *held_lines,
        ],
        began,
    )
    return 0


def write_report(
    path: Path, subject: str, command: str, table: list[str], notes: list[str], began: float
) -> None:
    """A frames benchmark's results file (and the same text on stdout)."""
    text = "\n".join(
        [
            f"# Frames: {subject} ({datetime.now(UTC):%Y-%m-%d})",
            "",
            f"Command: `python benchmarks/{command}`",
            "",
            "Article micro-F1 out of fold on the dump's folds; blend weights and thresholds "
            "chosen on the other folds.",
            "",
            *table,
            "",
            *notes,
            f"{time.time() - began:.0f} s.",
            "",
        ]
    )
    path.write_text(text)
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
