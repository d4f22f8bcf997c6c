"""Genre and frames on a held-out language, read on that language's own centre.

Usage::

    spinscope train --data ../shared/data/semeval2023 --only-article-heads --dump .cache/oof
    python benchmarks/bench_centred_article_heads.py --oof .cache/oof

``spinscope train`` measures genre with each training language held out, uncentred
and centred on the held-out language's whole set of articles (``held_out.py``). A real
batch is smaller, so this asks how small it may be: the held-out language is centred on
the mean of a random ``n`` of its articles (20 draws per ``n``), read by the vector head
alone (no n-gram view, no technique profile). It also asks whether frames gain from the
same centring, with thresholds tuned on cross-validated scores of the centred rows of the
other languages (as ``frames_held_out`` tunes them on the uncentred ones). Reads the
dumped ``genre_rows.npz`` and ``frames_rows.npz``; writes
``benchmarks/results/centred_article_heads.md``. About 6 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.features import article_feature_size
from spinscope.persuasion.heads import fit_linear, micro_f1, tune_thresholds
from spinscope.persuasion.held_out import (
    VECTOR_COLUMNS,
    centred_by_language,
    fit_genre_head,
    genre_macro_f1,
)
from spinscope.persuasion.model import MODELS_DIR
from spinscope.persuasion.taxonomy import FRAME_NAMES
from spinscope.persuasion.train_config import TrainConfig

RESULTS = Path(__file__).resolve().parent / "results" / "centred_article_heads.md"
CARD = MODELS_DIR / "card.json"
BATCH_SIZES = (10, 20, 30, 60)
DRAWS = 20


def genre_rows(path: Path) -> dict[str, dict[str, float]]:
    """Held-out genre macro-F1, uncentred, centred on all, and on ``n`` random articles."""
    data = np.load(path, allow_pickle=True)
    langs, y = data["langs"], data["y"]
    rows = data["x"][:, : article_feature_size()].copy()
    rows[:, article_feature_size() - 6 :] = 0.0  # read as an unknown language
    c = json.loads(CARD.read_text())["figures"]["genre"]["C"]["chosen"]  # the shipped C
    centred = centred_by_language(rows, langs)
    rng = np.random.default_rng(0)
    table: dict[str, dict[str, float]] = {"uncentred": {}, "centred on all its articles": {}}
    table.update({f"centred on {n} random articles": {} for n in BATCH_SIZES})
    for language in sorted(set(langs)):
        held = langs == language
        plain = fit_genre_head(rows[~held], y[~held], c).predict_proba(rows[held]).argmax(1)
        table["uncentred"][language] = genre_macro_f1(y[held], plain)
        head = fit_genre_head(centred[~held], y[~held], c)
        table["centred on all its articles"][language] = genre_macro_f1(
            y[held], head.predict_proba(centred[held]).argmax(1)
        )
        members = np.flatnonzero(held)
        for n in BATCH_SIZES:
            f1 = []
            for _ in range(DRAWS):
                pick = rng.choice(members, size=min(n, len(members)), replace=False)
                test = rows[held].copy()
                test[:, VECTOR_COLUMNS] -= rows[pick][:, VECTOR_COLUMNS].mean(0)
                f1.append(genre_macro_f1(y[held], head.predict_proba(test).argmax(1)))
            table[f"centred on {n} random articles"][language] = float(np.mean(f1))
    return table


def frames_rows(path: Path) -> dict[str, dict[str, float]]:
    """Held-out frames micro-F1, uncentred (as the card) and centred."""
    data = np.load(path, allow_pickle=True)
    x, unknown, y, langs, folds = (data[k] for k in ("x", "unknown", "y", "langs", "folds"))
    c = TrainConfig().frames_c

    def out_of_fold(rows: np.ndarray, gold: np.ndarray, by: np.ndarray) -> np.ndarray:
        scores = np.zeros(gold.shape, np.float32)
        for k in np.unique(by):
            head = fit_linear(rows[by != k], gold[by != k], FRAME_NAMES, c=c)
            scores[by == k] = head.predict_proba(rows[by == k])
        return scores

    table: dict[str, dict[str, float]] = {"uncentred": {}, "centred": {}}
    everywhere = out_of_fold(x, y, folds)
    for language in sorted(set(langs)):
        held = langs == language
        thresholds = tune_thresholds(y[~held], everywhere[~held])
        scores = fit_linear(x[~held], y[~held], FRAME_NAMES, c=c).predict_proba(unknown[held])
        table["uncentred"][language] = micro_f1(y[held], scores >= thresholds)
        train = centred_by_language(x[~held], langs[~held])
        thresholds = tune_thresholds(y[~held], out_of_fold(train, y[~held], folds[~held]))
        test = centred_by_language(unknown[held], langs[held])
        scores = fit_linear(train, y[~held], FRAME_NAMES, c=c).predict_proba(test)
        table["centred"][language] = micro_f1(y[held], scores >= thresholds)
    return table


def with_mean(table: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {
        name: {
            **{k: round(v, 4) for k, v in row.items()},
            "mean": round(np.mean([*row.values()]), 4),
        }
        for name, row in table.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof", required=True, help="the --dump folder of spinscope train")
    args = parser.parse_args()
    folder = Path(args.oof)
    missing = [n for n in ("genre_rows.npz", "frames_rows.npz") if not (folder / n).is_file()]
    if missing:
        print(f"{folder}: no {', '.join(missing)} (run spinscope train --dump)", file=sys.stderr)
        return 2
    began = time.time()
    genre = with_mean(genre_rows(folder / "genre_rows.npz"))
    print(f"[{time.time() - began:.0f} s] genre done", flush=True)
    frames = with_mean(frames_rows(folder / "frames_rows.npz"))
    columns = [*next(iter(genre.values()))]
    lines = [
        "# Genre and frames on a held-out language, centred on its own mean",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python benchmarks/bench_centred_article_heads.py --oof {args.oof}`, "
        f"{time.time() - began:.0f} s on 2 cores.",
        "- Each training language held out and read as an unknown language. Genre: the "
        "vector head alone (no n-gram view, no technique profile), macro-F1; a random batch "
        f"is drawn {DRAWS} times per size and the figures averaged. Frames: micro-F1, "
        "thresholds tuned on the other languages' cross-validated scores.",
        "",
        "## Genre",
        "",
        *markdown_table(genre, columns),
        "",
        "## Frames",
        "",
        *markdown_table(frames, columns),
    ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"written {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
