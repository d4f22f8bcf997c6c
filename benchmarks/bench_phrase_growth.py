"""Should a phrase take in the words beside it that score nearly as high, and what should
a paragraph show when no word passes?

Usage::

    python benchmarks/bench_phrase_growth.py --data ../shared/data/semeval2023 \\
        --states .cache/token_states --scores /tmp/phrase_growth.npz

Before growth, the phrase score of the phrase-unit techniques (loaded language, name
calling, repetition) was the phrase tagger's (L2 3e-5) to the power 0.25 times the
word-state tagger's (with the article's language) to the power 0.75, times the detection
tagger's to the power 0.25 (the model card's choices then). This benchmark rebuilds that
score out of fold, on training's folds and settings, and decodes it into phrases with
``phrase_spans`` under several rules: without growth (the rule before 2026-12-05), and
with ``grow`` (a phrase takes in the content words beside it that reach that share of
the threshold, so « stratèges de pacotille » shows whole rather than « pacotille »),
and, with growth, what a paragraph shows when no word passes the threshold: the best
word and its strong neighbours (the rule until the phrase_or_sentence unit), nothing,
or the sentence holding the best word (``phrases_or_sentence``). For each rule the
threshold is chosen per technique on all folds (what training does) and, honestly, on
the other folds only. The span F1 gives partial credit for overlap
(SemEval-2020 Task 11), over the paragraphs whose gold labels carry the technique,
pooled over the three techniques. ``--scores`` keeps the rebuilt scores, so a rerun
only decodes (about 3 minutes, against about 5 for the first run).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_phrases import detection_oof, span_rows, training_rows, word_states  # noqa: E402

from spinscope.persuasion import scorer  # noqa: E402
from spinscope.persuasion.card import markdown_table  # noqa: E402
from spinscope.persuasion.phrases import phrase_spans, phrases_or_sentence  # noqa: E402
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES  # noqa: E402
from spinscope.persuasion.train_config import TrainConfig  # noqa: E402
from spinscope.persuasion.train_phrases import phrase_tagger_oof  # noqa: E402
from spinscope.persuasion.train_sources import word_languages  # noqa: E402
from spinscope.persuasion.word_states import state_tagger_oof, with_languages  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "phrase_growth.md"
TECHNIQUES = ("Loaded_Language", "Name_Calling-Labeling", "Repetition")
ALPHA, DETECTION_POWER, STATE_WEIGHT = 3e-5, 0.25, 0.75
GROWTH = (0.1, 0.2, 0.3, 0.5, 0.7)


def shipped_scores(articles, tokdata, y, token_folds, states_dir, config) -> np.ndarray:
    """Out-of-fold token scores combined as the model before growth combined them."""
    log = partial(print, file=sys.stderr, flush=True)
    tagger = phrase_tagger_oof(tokdata, token_folds, ALPHA, config, time.time(), log)
    detection = detection_oof(tokdata, token_folds, list(TECHNIQUES), config)
    keep = np.isin(TECHNIQUE_NAMES, TECHNIQUES)
    vectors = word_states(articles, tokdata, y[:, keep].any(1), states_dir)
    vectors = with_languages(vectors, word_languages(articles, tokdata))
    states = state_tagger_oof(
        vectors,
        tokdata.targets,
        TECHNIQUE_NAMES,
        tokdata.masks & keep[None, :],
        token_folds,
        config.phrase_state_c,
        log,
    )
    combined = tagger ** (1 - STATE_WEIGHT) * states**STATE_WEIGHT
    return (combined * detection**DETECTION_POWER).astype(np.float32)


def rules() -> dict:
    """The decoding rules compared, by name; each takes (tokens, scores, threshold,
    the paragraph's sentences)."""

    def words(**options):
        return lambda tokens, scores, threshold, sentences: phrase_spans(
            tokens, scores, threshold, **options
        )

    found = {"no growth": words()}
    found |= {f"grow {g}": words(grow=g) for g in GROWTH}
    found |= {"gap 2": words(max_gap=2)}
    found |= {"grow 0.3, gap 2": words(grow=0.3, max_gap=2)}
    found |= {"grow 0.3, no word passing: nothing": words(grow=0.3, fallback=False)}
    found |= {"grow 0.3, no word passing: its sentence": partial(phrases_or_sentence, grow=0.3)}
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--states", type=Path, required=True, help="training's token folder")
    parser.add_argument("--scores", type=Path, help="keep the rebuilt scores here for reruns")
    args = parser.parse_args(argv)
    began = time.time()
    config = TrainConfig()
    split, articles, y, article_ids, paragraph_folds, tokdata, token_folds = training_rows(
        args.data, config
    )
    spans = split.spans or {}
    texts = {a.id: a.text for a in split.articles}
    sentences = [spans for a in articles for spans in a.sentences]
    if args.scores and args.scores.exists():
        scores = np.load(args.scores)["scores"]
    else:
        scores = shipped_scores(articles, tokdata, y, token_folds, args.states, config)
        if args.scores:
            np.savez_compressed(args.scores, scores=scores)
    columns = ["precision", "recall", "f1", "phrases", "words per phrase"]
    in_sample, nested, chosen = {}, {}, {}
    for name, rule in rules().items():
        gold_all, pred_all, pred_nested = [], [], []
        for tech in TECHNIQUES:
            j = TECHNIQUE_NAMES.index(tech)
            rows = np.flatnonzero(y[:, j])
            ids = {article_ids[r] for r in rows}
            gold = [(a, t, s, e) for a in ids for t, s, e in spans.get(a, []) if t == tech]
            fold_of = {article_ids[r]: paragraph_folds[r] for r in rows}
            candidates = {
                th: span_rows(rule, rows, j, th, tokdata, scores, article_ids, sentences)
                for th in config.phrase_grid
            }

            def best(keep, gold=gold, candidates=candidates):
                kept = [g for g in gold if keep(g[0])]
                return max(
                    (scorer.span_prf(kept, [p for p in pred if keep(p[0])])[2], th)
                    for th, pred in candidates.items()
                )

            f, th = best(lambda aid: True)
            chosen.setdefault(name, {})[tech] = {"threshold": th, "f1": round(f, 4)}
            gold_all += gold
            pred_all += candidates[th]
            for k in range(config.folds):
                _, th_k = best(lambda aid, k=k, fold=fold_of: fold[aid] != k)
                pred_nested += [p for p in candidates[th_k] if fold_of[p[0]] == k]
            print(f"{name} {tech}: {chosen[name][tech]}", file=sys.stderr, flush=True)
        for table, pred in ((in_sample, pred_all), (nested, pred_nested)):
            p, r, f = scorer.span_prf(gold_all, pred)
            words = [len(texts[a][s:e].split()) for a, _, s, e in pred]
            table[name] = {
                "precision": round(p, 4),
                "recall": round(r, 4),
                "f1": round(f, 4),
                "phrases": len(pred),
                "words per phrase": round(float(np.mean(words)), 2) if words else 0.0,
            }
    lines = [
        f"# Phrase growth ({datetime.now(UTC):%Y-%m-%d})",
        "",
        f"Command: `python benchmarks/bench_phrase_growth.py {' '.join(argv or sys.argv[1:])}`",
        "",
        f"Techniques: {', '.join(TECHNIQUES)}, scored as the model before growth scored "
        f"them (tagger^{1 - STATE_WEIGHT:g} × word states^{STATE_WEIGHT:g} × "
        f"detection^{DETECTION_POWER:g}), out of fold. Span "
        "precision, recall and F1 with partial credit, over the paragraphs whose gold labels "
        "carry the technique, pooled over the three.",
        "",
        "Threshold chosen per technique on all folds (what training does):",
        "",
        *markdown_table(in_sample, columns),
        "",
        "Threshold chosen on the other folds only (honest):",
        "",
        *markdown_table(nested, columns),
        "",
        "Thresholds and F1 per technique (all folds):",
        "",
        *[f"- {n}: {c}" for n, c in chosen.items()],
        "",
        f"{time.time() - began:.0f} s.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
