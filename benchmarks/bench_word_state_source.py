"""Would a contextual word detector lift the techniques blend?

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models \\
        --tokens .cache/token_states --dump /tmp/oof
    python benchmarks/bench_word_state_source.py --data ../shared/data/semeval2023 \\
        --oof /tmp/oof/techniques_oof.npz --tokens .cache/token_states

The shipped ``tokens`` source is the detection tagger: hashed word features (a word,
its affixes, two neighbours) trained on every paragraph's words against the span
annotations, a paragraph taking its strongest word. The candidate is the same idea on
each word's contextual vector (the mean of its pieces' token states, as the phrase
stage's word-state tagger reads it): a ridge regression per technique (one solve for
all 23, as logistic fits on a million words would take hours), trained on every
paragraph's words, out of fold on the dump's folds, a paragraph taking its strongest
word. It is scored alone and added to the dumped sources by the card's nested search
(fold k's weights and thresholds come from the other folds).

Results go to ``benchmarks/results/word_state_source.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_table import SourceTable, read_dump  # noqa: E402

from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions
from spinscope.persuasion.encoder import DIM
from spinscope.persuasion.model import SOURCES, max_over_sentences
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.train_sources import token_data
from spinscope.persuasion.word_states import paragraph_word_vectors

RESULTS = Path(__file__).resolve().parent / "results" / "word_state_source.md"


def ridge_oof(
    vectors: np.ndarray, targets: np.ndarray, folds: np.ndarray, ridge: float
) -> np.ndarray:
    """Out-of-fold ridge scores (with an intercept), one solve per fold for every label."""
    x = np.hstack([vectors, np.ones((len(vectors), 1), np.float32)])
    oof = np.zeros(targets.shape, np.float32)
    for k in np.unique(folds):
        tr = folds != k
        gram = x[tr].T @ x[tr]
        gram[np.diag_indices(DIM)] += ridge  # not on the intercept
        weights = np.linalg.solve(gram, x[tr].T @ targets[tr].astype(np.float32))
        oof[folds == k] = x[folds == k] @ weights
        print(f"word-state ridge: fold {k + 1} done", file=sys.stderr, flush=True)
    return oof


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--oof", required=True, help="techniques_oof.npz from train --dump")
    parser.add_argument("--tokens", required=True, type=Path, help="training's token states")
    parser.add_argument("--ridge", type=float, default=10.0, help="L2 of the ridge solve")
    args = parser.parse_args(argv)
    began = time.time()
    dump, split, articles = read_dump(args.oof, args.data)
    y, folds, langs = dump["y"], dump["folds"], dump["langs"]
    tokdata = token_data(articles, y, split.spans or {})
    texts = [a.article.text[s:e] for a in articles for spans in a.sentences for s, e in spans]
    store = TokenStore(args.tokens)
    states, lengths = store.sentence_states(texts)
    store.close()
    vectors = paragraph_word_vectors(
        [spans for a in articles for spans in a.sentences],
        tokdata.tokens,
        texts,
        states,
        lengths,
        np.ones(len(y), bool),
        DIM,
    )
    del states
    print(f"word vectors: {len(vectors)} words ({time.time() - began:.0f} s)", file=sys.stderr)
    word_scores = ridge_oof(vectors, tokdata.targets, tokdata.folds % 5, args.ridge)
    candidate = max_over_sentences(
        [word_scores[lo:hi] for lo, hi in tokdata.paragraph_rows], y.shape[1]
    )
    shipped = {name: dump[name] for name in SOURCES}
    table = SourceTable(y, langs)
    table.measure("shipped tokens source alone", nested_decisions(y, shipped["tokens"], folds))
    table.measure("word-state detector alone", nested_decisions(y, candidate, folds))
    table.measure("shipped blend (eight sources)", nested_blend_decisions(y, shipped, folds)[0])
    extended = {**shipped, "word_states": candidate}
    table.measure("eight + word-state detector", nested_blend_decisions(y, extended, folds)[0])
    table.write(
        RESULTS,
        "Techniques: a contextual word detector against the shipped blend",
        f"python benchmarks/bench_word_state_source.py --oof {args.oof} "
        f"--tokens {args.tokens} --ridge {args.ridge:g}",
        time.time() - began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
