"""Is a phrase pointer worth less when nothing in the paragraph reached the threshold?

Usage::

    python benchmarks/bench_weak_pointers.py --data ../shared/data/semeval2023 \\
        --dump .cache/oof [--model DIR]

It reads the two files ``spinscope train --dump .cache/oof`` writes there:
``techniques_oof.npz`` (which paragraphs are flagged) and ``phrases_oof.npz`` (the phrase
stage's scores; ``--only-phrases --dump`` rewrites it alone, into a copy of the model).

When a paragraph is flagged with a technique but none of its words (none of its
sentences, for a technique found by sentence) reaches the technique's phrase threshold,
the phrase stage still points somewhere: at the best word and its neighbours, the
sentence holding it, or the best sentence. The report marks such a pointer as
approximate (``TechniqueFinding.approximate``). This benchmark asks whether that mark
carries information: it takes every paragraph flagged out of fold (the full run's dump,
decided with the model's thresholds), points at each technique with the model's own
``phrases`` and ``phrase_found`` on the phrase stage's out-of-fold token and sentence
scores, and compares the pointers made where something passed the threshold ("found")
with the others ("approximate"): the share of their flags the gold confirms, and their
span precision with partial credit (SemEval-2020 Task 11), a pointer in a paragraph
without the technique counting zero. Only paragraphs with at least one gold technique
are read: the word-state scores exist for those alone (for every technique since
2026-12-06; a dump written before is refused without --gold-flags).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_phrases import training_rows  # noqa: E402

from spinscope.persuasion import scorer  # noqa: E402
from spinscope.persuasion.card import markdown_table  # noqa: E402
from spinscope.persuasion.model import MODELS_DIR, PersuasionModel  # noqa: E402
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES  # noqa: E402
from spinscope.persuasion.train_config import TrainConfig  # noqa: E402
from spinscope.persuasion.train_sources import split_by_paragraph  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
GOLD_FLAGS_RESULTS = RESULTS_DIR / "weak_pointers.md"
FLAGGED_RESULTS = RESULTS_DIR / "weak_pointers_flagged.md"
KINDS = ("found", "approximate")
COLUMNS = ["flagged paragraphs", "flags right", "pointers", "pointer precision"]


def flagged(model: PersuasionModel, blended: np.ndarray, langs: np.ndarray) -> np.ndarray:
    """The model's decisions on out-of-fold scores, language by language."""
    out = np.zeros(blended.shape, bool)
    for lang in np.unique(langs):
        rows = langs == lang
        out[rows] = model.decide(blended[rows], str(lang))
    return out


def scores_every_flag(model: PersuasionModel, token_scores: np.ndarray, masks: np.ndarray) -> bool:
    """Whether the dump scored each word for techniques its paragraph lacks. Before
    2026-12-06 the word-state scores stayed zero there, so every wrong flag of a
    technique reading them counted as approximate."""
    if model.phrase_state_weights is None:
        return True
    reading = np.flatnonzero(np.asarray(model.phrase_state_weights) > 0)
    outside = masks.any(axis=1)[:, None] & ~masks
    return not len(reading) or any((token_scores[outside[:, j], j] > 0).any() for j in reading)


class Tally:
    """Span sums, flags and flags the gold confirms, of one kind of pointer."""

    def __init__(self) -> None:
        self.sums = np.zeros(4)
        self.flags = 0
        self.right = 0

    def add(self, sums: tuple, right: bool) -> None:
        self.sums += sums
        self.flags += 1
        self.right += int(right)

    def row(self) -> dict:
        return {
            "flagged paragraphs": self.flags,
            "flags right": round(self.right / self.flags, 4) if self.flags else 0.0,
            "pointers": int(self.sums[1]),
            "pointer precision": round(scorer.prf_of_sums(self.sums)[0], 4),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--dump", type=Path, required=True, help="folder of the two dumps")
    parser.add_argument("--model", type=Path, default=MODELS_DIR, help="model whose rules")
    parser.add_argument(
        "--gold-flags",
        action="store_true",
        help="point in the paragraphs whose gold carries each technique instead of the "
        "flagged ones (needs no techniques_oof.npz; every flag is then right)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help=f"where to write the table; default {FLAGGED_RESULTS.name}, "
        f"or {GOLD_FLAGS_RESULTS.name} with --gold-flags",
    )
    args = parser.parse_args(argv)
    began = time.time()
    config = TrainConfig()
    model = PersuasionModel.load(args.model)
    split, articles, y, article_ids, _, tokdata, _ = training_rows(args.data, config)
    phrases_dump = np.load(args.dump / "phrases_oof.npz")
    if args.gold_flags:
        decided = y.astype(bool)
    else:
        techniques_dump = np.load(args.dump / "techniques_oof.npz")
        if not np.array_equal(techniques_dump["y"], y):
            raise SystemExit(f"{args.dump}: techniques_oof.npz does not hold this data's rows")
        decided = flagged(model, techniques_dump["blended"], techniques_dump["langs"])
        if not scores_every_flag(model, phrases_dump["token_scores"], tokdata.masks):
            raise SystemExit(
                f"{args.dump}: phrases_oof.npz scores words for their paragraphs' gold "
                "techniques only (written before 2026-12-06); rebuild it with "
                "`spinscope train --only-phrases --dump`, or pass --gold-flags"
            )
    token_scores = phrases_dump["token_scores"]
    sentence_scores = split_by_paragraph(
        phrases_dump["sentence_scores"], phrases_dump["sentence_paragraph"], len(y)
    )
    sentences = [s for a in articles for s in a.sentences]
    spans = split.spans or {}
    annotated = y.any(axis=1)
    per_technique = {t: {k: Tally() for k in KINDS} for t in TECHNIQUE_NAMES}
    by_unit = {u: {k: Tally() for k in KINDS} for u in sorted(set(model.phrase_units))}
    pooled = {k: Tally() for k in KINDS}
    heads_sentence = Tally()  # the other fallback: the sentence heads' best sentence
    for r in np.flatnonzero(annotated & decided.any(axis=1)):
        tokens = tokdata.tokens[r]
        if not tokens:
            continue
        lo, hi = tokdata.paragraph_rows[r]
        aid = article_ids[r]
        args_r = (tokens, token_scores[lo:hi], sentences[r], sentence_scores[r])
        for j in np.flatnonzero(decided[r]):
            tech = TECHNIQUE_NAMES[j]
            kind = KINDS[0] if model.phrase_found(j, *args_r) else KINDS[1]
            pred = [(aid, tech, s, e) for s, e, _ in model.phrases(j, *args_r)]
            gold = [(aid, t, s, e) for t, s, e in spans.get(aid, []) if t == tech]
            sums = scorer.span_sums(gold, pred)
            for tally in (per_technique[tech], by_unit[model.phrase_units[j]], pooled):
                tally[kind].add(sums, bool(y[r, j]))
            fallback = kind == KINDS[1] and model.phrase_units[j] == "phrase_or_sentence"
            if fallback and len(sentences[r]):
                start, end = sentences[r][int(np.argmax(sentence_scores[r][:, j]))]
                heads_sentence.add(scorer.span_sums(gold, [(aid, tech, start, end)]), y[r, j])
    table = {f"all techniques, {k}": pooled[k].row() for k in KINDS}
    for unit, tallies in by_unit.items():
        table |= {f"unit {unit}, {k}": tallies[k].row() for k in KINDS}
    table["unit phrase_or_sentence, approximate, the sentence heads' best sentence instead"] = (
        heads_sentence.row()
    )
    for tech, tallies in per_technique.items():
        if tallies[KINDS[0]].flags + tallies[KINDS[1]].flags:
            table |= {f"{tech}, {k}": tallies[k].row() for k in KINDS}
    text = "\n".join(
        [
            f"# Approximate phrase pointers ({datetime.now(UTC):%Y-%m-%d})",
            "",
            f"Command: `python benchmarks/bench_weak_pointers.py {' '.join(argv or sys.argv[1:])}`",
            "",
            (
                "Paragraphs whose gold labels carry the technique (--gold-flags)."
                if args.gold_flags
                else "Paragraphs flagged out of fold with the model's thresholds, among those "
                "with at least one gold technique."
            )
            + " Per technique, the flags where a word (a sentence, "
            "for the sentence unit) reached the phrase threshold (found) and those where "
            "none did (approximate: the pointer is the best guess). Flags right: share of "
            "those flags the gold confirms. Pointer precision: span precision with partial "
            "credit against the article's gold spans of the technique. For the "
            "phrase_or_sentence unit, the approximate pointer is the sentence holding the "
            "best word; the row after it points instead at the sentence the sentence heads "
            "score highest, in the same paragraphs.",
            "",
            *markdown_table(table, COLUMNS),
            "",
            f"{time.time() - began:.0f} s.",
            "",
        ]
    )
    out = args.out or (GOLD_FLAGS_RESULTS if args.gold_flags else FLAGGED_RESULTS)
    out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
