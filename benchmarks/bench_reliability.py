"""How often a flagged technique is right, by its score, out of fold on the training split.

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models --dump .cache/oof
    python benchmarks/bench_reliability.py --oof .cache/oof/techniques_oof.npz

The report shows each technique with its blended score (« Langage chargé 0.64 »).
This asks what that number means to the analyst reading it: of the flags whose
score lies in a band, how many does the gold confirm? Flags and scores are nested
like the model card's figures (fold k's blend weights and thresholds chosen on the
other folds), per language and, for the most frequent techniques, per technique.
With ``--unseen`` (the scores ``bench_unseen_languages.py --scores`` kept: each
language held out of training in turn), also as a language without training data is
read: the shipped rule's blend, thresholds tuned on the other languages.
``spinscope evaluate`` prints the same table for any labelled split. About 2 minutes
on 2 cores; results go to ``benchmarks/results/reliability.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from bench_decision_layer import Folds

from spinscope.persuasion.card import reliability_table
from spinscope.persuasion.reliability import band_figures, bands, reliability_figures
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES

RESULTS = Path(__file__).resolve().parent / "results" / "reliability.md"
TOP_TECHNIQUES = 8


def nested_flags(f: Folds) -> tuple[np.ndarray, np.ndarray]:
    """Each paragraph's blended scores and flags, from its fold's blend and thresholds."""
    scores = np.zeros(f.y.shape, np.float32)
    flags = np.zeros(f.y.shape, bool)
    for k in f.ids:
        train, test = f.folds != k, f.folds == k
        blended = f.blends[k]
        scores[test] = blended[test]
        flags[test] = blended[test] >= f.thresholds(blended, train)
    return scores, flags


def held_out_bands(oof: np.lib.npyio.NpzFile, path: str) -> dict[str, dict]:
    """Per held-out language, the bands of its flags under the shipped unseen-language rule."""
    from bench_unseen_languages import saved_scores

    from spinscope.persuasion.blend import blend
    from spinscope.persuasion.heads import tune_thresholds
    from spinscope.persuasion.model import SOURCES, PersuasionModel

    weights = PersuasionModel.load().unseen_blend
    rows = {}
    for language, (gold, scores) in saved_scores(path):
        other = oof["langs"] != language
        thresholds = tune_thresholds(
            oof["y"][other], blend({n: oof[n][other] for n in SOURCES}, weights)
        )
        blended = blend(scores, weights)
        flags = blended >= thresholds
        rows[language] = band_figures(bands(blended[flags], gold.astype(bool)[flags]))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof", required=True, help="techniques_oof.npz (spinscope train --dump)")
    parser.add_argument(
        "--unseen", help="held-out language scores (bench_unseen_languages.py --scores)"
    )
    args = parser.parse_args()
    path = Path(args.oof)
    if not path.is_file():
        print(f"{path}: no such file (run spinscope train with --dump first)", file=sys.stderr)
        return 2
    began = time.time()
    f = Folds(np.load(path), lambda message: print(message, flush=True))
    scores, flags = nested_flags(f)
    gold = f.y.astype(bool)
    by_language = reliability_figures(gold, scores, flags, f.langs)
    frequent = np.argsort(-f.y.sum(0))[:TOP_TECHNIQUES]
    by_technique = {
        TECHNIQUE_NAMES[j]: band_figures(bands(scores[flags[:, j], j], gold[flags[:, j], j]))
        for j in frequent
    }
    unseen = held_out_bands(np.load(args.oof), args.unseen) if args.unseen else {}
    lines = [
        "# Techniques: how often a flag is right, by its score",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python {' '.join(sys.argv)}`, "
        f"{time.time() - began:.0f} s on 2 cores.",
        "- Every flagged (paragraph, technique) pair out of fold, 5 folds grouped by article;",
        "  blend weights and thresholds applied to each fold were chosen on the other folds.",
        "- A cell: the share of the band's flags that the gold confirms (flags in brackets).",
        "  gap: the flags' mean distance between score and their band's share right.",
        "",
        "## Per language",
        "",
        *reliability_table(by_language),
        "",
        f"## The {TOP_TECHNIQUES} most frequent techniques, all languages",
        "",
        *reliability_table(by_technique),
    ]
    if unseen:
        lines += [
            "",
            "## Each language held out of training, read as a language without training data",
            "",
            f"`--unseen {args.unseen}`: the shipped rule for such a language, thresholds tuned on",
            "the other languages' out-of-fold scores.",
            "",
            *reliability_table(unseen),
        ]
    RESULTS.write_text("\n".join(lines) + "\n")
    print(f"written {RESULTS} in {time.time() - began:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
