"""Which phrase rule points at the words that carry a technique?

Usage::

    python benchmarks/bench_phrases.py --data ../shared/data/semeval2023

The phrase tagger scores every token; ``phrase_spans`` turns those scores into phrases.
This benchmark rebuilds training's out-of-fold token scores (the same folds, L2
strengths and seeds as ``spinscope train``, section 3) and scores each candidate rule
with the span F1 training uses (partial credit for overlap, paragraphs whose gold labels
carry the technique), for every technique whose shipped unit is the phrase. Each rule's
L2 strength and threshold are chosen per technique as training chooses them; a second
table chooses them on the other folds only, so its figures are honest.

The rules:

- ``shipped``: tokens over the threshold, content words only (spaCy's stop words and
  punctuation cannot anchor a phrase);
- ``elision``: as shipped, and an elided function word glued to the next word by the
  tokenizer (« d'une », « qu'est ») counts as a function word too;
- ``relative ρ``: as ``elision``, and a token must also reach ρ times the paragraph's
  strongest token, so a paragraph shows its strongest words, not every word over a low
  threshold;
- ``× detection γ`` (with ``--detection``): as ``elision`` on the phrase tagger's score
  times the detection tagger's to the power γ (the shipped ``tokens`` source: the same
  features trained on every paragraph, so a word common in paragraphs without the
  technique, « bureau », scores low there), out of fold on the same folds.

- ``states`` (with ``--states``, training's token-state folder): a logistic regression
  per technique on each word's contextual vector (the mean of the encoder's states of
  the word's pieces, placed by the engine's token spans), trained and scored on the
  same folds, alone and averaged (arithmetically or geometrically) with the phrase
  tagger. The tagger reads a word and its neighbours; the states read it in its
  sentence, so « frappe » in « frappe du vendredi » need not look loaded.
  ``--state-languages`` adds the article's language to the word vectors;
  ``--state-choose`` chooses the weight per technique, with the L2 strength and the
  threshold, as ``spinscope train`` does.

Without ``--states`` it needs no encoder and no cache: about 27 minutes on 2 cores (4 of
them the tagger fits; ``--scores`` keeps those for a rerun). Results go to
``benchmarks/results/phrases.md``, or ``phrase_states.md`` with ``--states`` (25 min,
reusing ``--scores``; ``--rules elision`` keeps the baseline only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion import scorer
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import collect, multi_hot
from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.model import MODELS_DIR
from spinscope.persuasion.phrases import Token, phrase_spans
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_phrases import phrase_tagger_oof
from spinscope.persuasion.train_sources import fit_detection_tagger, token_data, word_languages
from spinscope.persuasion.word_states import (
    paragraph_word_vectors,
    state_tagger_oof,
    with_languages,
)

RESULTS = Path(__file__).resolve().parent / "results" / "phrases.md"
STATE_RESULTS = RESULTS.with_name("phrase_states.md")  # runs with --states

Rule = Callable[[list[Token], np.ndarray, float], list[tuple[int, int, float]]]


def rules() -> dict[str, Rule]:
    def shipped(tokens, scores, threshold):
        return phrase_spans(tokens, scores, threshold, elision=False)

    def elision(tokens, scores, threshold):
        return phrase_spans(tokens, scores, threshold)

    def relative(rho: float) -> Rule:
        return lambda tokens, scores, threshold: phrase_spans(
            tokens, scores, threshold, relative=rho
        )

    return {
        "shipped": shipped,
        "elision": elision,
        **{f"relative {rho}": relative(rho) for rho in (0.3, 0.5, 0.7)},
    }


def span_rows(rule, rows, j, threshold, tokdata, scores, article_ids, sentences=None):
    """Predicted (article, technique, start, end) rows of technique ``j`` in ``rows``; with
    ``sentences`` (each row's sentence spans), the rule also gets its row's sentences."""
    tech = TECHNIQUE_NAMES[j]
    found = []
    for r in rows:
        lo, hi = tokdata.paragraph_rows[r]
        if tokdata.tokens[r]:
            extra = () if sentences is None else (sentences[r],)
            spans = rule(tokdata.tokens[r], scores[lo:hi, j], threshold, *extra)
            found.extend((article_ids[r], tech, s, e) for s, e, _ in spans)
    return found


def detection_oof(tokdata, token_folds, techniques, config: TrainConfig) -> np.ndarray:
    """Out-of-fold token scores of the detection tagger (trained as training does, on
    every paragraph's tokens), for ``techniques`` only; the other columns are zero."""
    keep = np.isin(TECHNIQUE_NAMES, techniques)
    targets = np.where(keep[None, :], tokdata.targets, 0).astype(np.int8)
    oof = np.zeros(tokdata.targets.shape, np.float32)
    for k in range(config.folds):
        tr, te = token_folds != k, np.flatnonzero(token_folds == k)
        tagger = fit_detection_tagger(tokdata.matrix[tr], targets[tr], config)
        oof[te] = tagger.scores(tokdata.matrix[te])
        print(f"detection tagger: fold {k + 1} done", file=sys.stderr, flush=True)
    return np.where(keep[None, :], oof, 0.0)


def word_states(articles, tokdata, wanted: np.ndarray, tokens_dir: Path) -> np.ndarray:
    """Each word's contextual vector (training's ``paragraph_word_vectors``), for the
    words of the paragraphs ``wanted``, from training's token store."""
    from spinscope.persuasion.token_store import TokenStore

    paragraph_sentences = [spans for a in articles for spans in a.sentences]
    texts = [a.article.text[s:e] for a in articles for spans in a.sentences for s, e in spans]
    store = TokenStore(tokens_dir)
    states, lengths = store.sentence_states(texts)
    store.close()
    return paragraph_word_vectors(
        paragraph_sentences, tokdata.tokens, texts, states, lengths, wanted, DIM
    )


def training_rows(data: str, config: TrainConfig):
    """The training split read as ``spinscope train`` reads it: its articles, paragraph
    labels, article ids and folds per paragraph, and token rows with their folds."""
    split = load_split(data, "train")
    articles = [a for a in collect(split) if a.paragraphs]
    keys = [p.key for a in articles for p in a.paragraphs]
    y = multi_hot([split.techniques.get(k, []) for k in keys], TECHNIQUE_NAMES)
    article_ids = [a.article.id for a in articles for _ in a.paragraphs]
    paragraph_folds = np.array([a.fold for a in articles for _ in a.paragraphs]) % config.folds
    tokdata = token_data(articles, y, split.spans or {})
    return split, articles, y, article_ids, paragraph_folds, tokdata, tokdata.folds % config.folds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument(
        "--scores", type=Path, help="keep the out-of-fold token scores in this .npz for reruns"
    )
    parser.add_argument(
        "--detection",
        action="store_true",
        help="also try the phrase score times the detection tagger's (adds its fold fits)",
    )
    parser.add_argument(
        "--states",
        type=Path,
        help="also try a tagger on the encoder's token states (training's --tokens folder)",
    )
    parser.add_argument(
        "--state-weights",
        default="0.5",
        help="with --states: weights w of tagger^(1-w) × states^w to try (comma-separated)",
    )
    parser.add_argument(
        "--state-languages",
        action="store_true",
        help="with --states: also try the word vectors with the article's language one-hot",
    )
    parser.add_argument(
        "--state-choose",
        action="store_true",
        help="with --states: also choose w per technique among 0, --state-weights and 1, "
        "with alpha and threshold (what training does)",
    )
    parser.add_argument("--rules", help="only these rules (comma-separated names)")
    args = parser.parse_args(argv)
    began = time.time()
    config = TrainConfig()
    split, articles, y, article_ids, paragraph_folds, tokdata, token_folds = training_rows(
        args.data, config
    )
    if args.scores and args.scores.exists():
        saved = np.load(args.scores)
        oof = {alpha: saved[f"{alpha:g}"] for alpha in config.phrase_alphas}
    else:
        oof = {
            alpha: phrase_tagger_oof(
                tokdata, token_folds, alpha, config, began, lambda m: print(m, file=sys.stderr)
            )
            for alpha in config.phrase_alphas
        }
        if args.scores:
            np.savez(args.scores, **{f"{alpha:g}": v for alpha, v in oof.items()})
    decisions = json.loads((MODELS_DIR / "decisions.json").read_text())
    phrase_techniques = [
        t
        for t, unit in zip(TECHNIQUE_NAMES, decisions["phrase_units"], strict=True)
        if unit == "phrase"
    ]
    spans = split.spans or {}
    variants = {
        name: (rule, oof)
        for name, rule in rules().items()
        if not args.rules or name in args.rules.split(",")
    }
    if args.states:
        keep = np.isin(TECHNIQUE_NAMES, phrase_techniques)
        wanted = y[:, keep].any(1)
        vectors = word_states(articles, tokdata, wanted, args.states)
        print(f"word states: {int(wanted.sum())} paragraphs", file=sys.stderr, flush=True)
        elision = rules()["elision"]
        masks = tokdata.masks & keep[None, :]
        log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
        inputs = {"states": vectors}
        if args.state_languages:
            inputs["states + language"] = with_languages(vectors, word_languages(articles, tokdata))
        for name, x in inputs.items():
            states = state_tagger_oof(
                x, tokdata.targets, TECHNIQUE_NAMES, masks, token_folds, 1.0, log
            )
            variants[f"{name} C=1.0"] = (elision, {0.0: states})
            if name == "states":
                variants[f"{name} C=1.0 + tagger, mean"] = (
                    elision,
                    {a: (s + states) / 2 for a, s in oof.items()},
                )
            weights = [float(w) for w in args.state_weights.split(",")]
            for w in weights:
                label = "geometric" if w == 0.5 else f"tagger^{1 - w:g} × states^{w:g}"
                variants[f"{name} C=1.0 × tagger, {label}"] = (
                    elision,
                    {a: s ** (1 - w) * states**w for a, s in oof.items()},
                )
            if args.state_choose:
                # what training does: w chosen per technique with alpha and threshold
                # (0: the tagger alone; 1: the states alone, the same for every alpha)
                first = next(iter(oof))
                choice = {
                    (a, w): s ** (1 - w) * states**w
                    for a, s in oof.items()
                    for w in sorted({0.0, *weights, 1.0})
                    if w < 1 or a == first
                }
                variants[f"{name} C=1.0 × tagger, w chosen from 0, {args.state_weights}, 1"] = (
                    elision,
                    choice,
                )
    if args.detection:
        detection = detection_oof(tokdata, token_folds, phrase_techniques, config)
        elision = rules()["elision"]
        for gamma in (0.25, 0.5):
            combined = {a: s * np.power(detection, gamma) for a, s in oof.items()}
            variants[f"× detection {gamma}"] = (elision, combined)

    def gold_of(j: int, rows: np.ndarray) -> list:
        ids = {article_ids[r] for r in rows}
        return [
            (aid, t, s, e)
            for aid in ids
            for t, s, e in spans.get(aid, [])
            if t == TECHNIQUE_NAMES[j]
        ]

    in_sample, nested, chosen = {}, {}, {}
    for name, (rule, oof_scores) in variants.items():
        gold_all, pred_all, pred_nested, counts = [], [], [], []
        for tech in phrase_techniques:
            j = TECHNIQUE_NAMES.index(tech)
            rows = np.flatnonzero(y[:, j])
            gold = gold_of(j, rows)
            fold_of_article = {article_ids[r]: paragraph_folds[r] for r in rows}
            # every (alpha, threshold)'s spans once; each fold's choice filters them
            candidates = {
                (alpha, th): span_rows(rule, rows, j, th, tokdata, scores, article_ids)
                for alpha, scores in oof_scores.items()
                for th in config.phrase_grid
            }

            def best(keep: Callable[[str], bool], gold=gold, candidates=candidates):
                kept_gold = [g for g in gold if keep(g[0])]
                scored = [
                    (scorer.span_prf(kept_gold, [p for p in pred if keep(p[0])])[2], key)
                    for key, pred in candidates.items()
                ]
                return max(scored, key=lambda s: s[0])

            f, key = best(lambda aid: True)
            chosen.setdefault(name, {})[tech] = {
                "alpha": key[0],  # (alpha, w) where w is chosen too
                "threshold": key[1],
                "f1": round(f, 4),
            }
            gold_all += gold
            pred_all += candidates[key]
            counts.append(len(candidates[key]) / max(len(rows), 1))
            for k in range(config.folds):
                _, key_k = best(lambda aid, k=k, fold=fold_of_article: fold[aid] != k)
                pred_nested += [p for p in candidates[key_k] if fold_of_article[p[0]] == k]
            print(f"{name} {tech}: {chosen[name][tech]}", file=sys.stderr, flush=True)
        p, r, f = scorer.span_prf(gold_all, pred_all)
        in_sample[name] = {"precision": p, "recall": r, "f1": f, "phrases per paragraph": counts}
        p, r, f = scorer.span_prf(gold_all, pred_nested)
        nested[name] = {"precision": p, "recall": r, "f1": f}
    columns = ["precision", "recall", "f1"]
    lines = [
        f"# Phrase rules ({datetime.now(UTC):%Y-%m-%d})",
        "",
        f"Command: `python benchmarks/bench_phrases.py {' '.join(argv or sys.argv[1:])}`",
        "",
        f"Techniques whose shipped unit is the phrase: {', '.join(phrase_techniques)}. Span "
        "precision, recall and F1 with partial credit, over the paragraphs whose gold labels "
        "carry the technique, pooled over those techniques.",
        "",
        "L2 strength and threshold chosen per technique on all folds (what training does):",
        "",
        *markdown_table(
            {n: {c: round(v[c], 4) for c in columns} for n, v in in_sample.items()}, columns
        ),
        "",
        "Chosen on the other folds only (honest):",
        "",
        *markdown_table(
            {n: {c: round(v[c], 4) for c in columns} for n, v in nested.items()}, columns
        ),
        "",
        "Phrases per flagged paragraph (in-sample choice), per technique: "
        + "; ".join(
            f"{n}: {', '.join(f'{c:.2f}' for c in v['phrases per paragraph'])}"
            for n, v in in_sample.items()
        ),
        "",
        "Choices per technique:",
        "",
        *[f"- {n}: {json.dumps(c)}" for n, c in chosen.items()],
        "",
        f"{time.time() - began:.0f} s.",
        "",
    ]
    text = "\n".join(lines)
    (STATE_RESULTS if args.states else RESULTS).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
