"""Would an attention head over a whole paragraph's tokens lift the shipped blend?

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models \\
        --cache .cache/embeddings.sqlite --tokens .cache/token_states --dump .cache/oof
    python benchmarks/bench_paragraph_attention.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz

The shipped attention source learns from span-derived *sentence* labels and makes a
paragraph's score by pooling its sentences. The candidate here is the same
``AttentionEnsemble`` trained on the official unit instead: each paragraph's token states
(its sentences' states back to back, from the training token store) against the
paragraph's own labels, one attention per technique over all of them. It is scored out of
fold on the dump's folds, then blended with the dumped sources by the same nested search
as the model card (fold k's weights and thresholds come from the other folds).

Needs the token store filled by ``spinscope train`` (``--tokens``) and its dump. Results
go to ``benchmarks/results/paragraph_attention.md``. About 20 minutes on 2 cores with the
default single seed, most of it the candidate's five-fold fits and the nested searches.
Its result made the candidate the shipped blend's eighth source (``paragraph_attention``).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.attention import AttentionEnsemble
from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import ArticleData, collect, multi_hot
from spinscope.persuasion.model import SOURCES
from spinscope.persuasion.semeval import SemEvalSplit, load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_metrics import micro_f1_table
from spinscope.persuasion.train_sources import token_rows

RESULTS = Path(__file__).resolve().parent / "results" / "paragraph_attention.md"


def paragraph_oof(
    x: np.ndarray,
    lengths: np.ndarray,
    y: np.ndarray,
    folds: np.ndarray,
    args,
    repeat: np.ndarray | None = None,
) -> np.ndarray:
    """Out-of-fold ensemble scores, one row per paragraph; a paragraph with no tokens
    scores 0.

    ``repeat[i]`` (default 1) is how many times paragraph ``i`` counts in training.
    """
    oof = np.zeros(y.shape, np.float32)
    has = lengths > 0
    for k in np.unique(folds):
        tr, te = np.flatnonzero(has & (folds != k)), np.flatnonzero(has & (folds == k))
        if repeat is not None:
            tr = np.repeat(tr, repeat[tr])
        ensemble = AttentionEnsemble.fit(
            *token_rows(x, lengths, tr),
            y[tr].astype(np.float32),
            hidden=args.hidden,
            seeds=args.seeds,
            snapshots=args.snapshots,
            progress=lambda seed, e, loss, k=k: print(
                f"paragraph attention: fold {k + 1} seed {seed} epoch {e + 1} loss {loss:.4f}",
                file=sys.stderr,
                flush=True,
            ),
        )
        oof[te] = ensemble.predict_proba(*token_rows(x, lengths, te))
    return oof


def dumped_articles(data: str, y: np.ndarray) -> tuple[SemEvalSplit, list[ArticleData]]:
    """The training split and its articles in training's order, checked against the
    dump's gold ``y``: the split must give the same paragraphs in the same order."""
    split = load_split(data, "train")
    articles = [a for a in collect(split) if a.paragraphs]
    keys = [p.key for a in articles for p in a.paragraphs]
    gold = multi_hot([split.techniques.get(k, []) for k in keys], TECHNIQUE_NAMES)
    if gold.shape != y.shape or not np.array_equal(gold, y):
        raise SystemExit(f"{data}: its paragraphs are not the dump's; rerun train --dump")
    return split, articles


def paragraph_states(data: str, tokens: str, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each training paragraph's token states back to back, and its token count."""
    _, articles = dumped_articles(data, y)
    # the store's sentences in training's order: article by article, paragraph by paragraph
    texts, owner = [], []
    row = 0
    for a in articles:
        for spans in a.sentences:
            texts += [a.article.text[s:e] for s, e in spans]
            owner += [row] * len(spans)
            row += 1
    x, sentence_lengths = TokenStore(Path(tokens)).sentence_states(texts)
    lengths = np.bincount(owner, weights=sentence_lengths, minlength=len(y)).astype(int)
    return x, lengths


@dataclass
class Replacement:
    """What a benchmark that replaces the dumped ``paragraph_attention`` source reads:
    the dump's gold, folds, languages and sources, and the paragraphs' token states."""

    y: np.ndarray
    folds: np.ndarray
    langs: np.ndarray
    shipped: dict[str, np.ndarray]
    x: np.ndarray
    lengths: np.ndarray


def replacement_parser(description: str) -> argparse.ArgumentParser:
    """The arguments every benchmark of a paragraph attention candidate takes; each adds
    its own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--oof", required=True, help="techniques_oof.npz from `train --dump`")
    parser.add_argument("--tokens", default=".cache/token_states", help="token state store")
    return parser


def replacement_inputs(args: argparse.Namespace) -> Replacement:
    dump = np.load(args.oof)
    if "paragraph_attention" not in dump:
        raise SystemExit(f"{args.oof}: no paragraph_attention source; rerun train --dump")
    x, lengths = paragraph_states(args.data, args.tokens, dump["y"])
    return Replacement(
        y=dump["y"],
        folds=dump["folds"],
        langs=dump["langs"],
        shipped={name: dump[name] for name in SOURCES if name in dump},
        x=x,
        lengths=lengths,
    )


def nested_blends(
    y: np.ndarray, folds: np.ndarray, blends: dict[str, dict[str, np.ndarray]]
) -> tuple[dict[str, np.ndarray], dict[str, list]]:
    """Nested blend predictions of each named set of sources, and the weights each fold
    chose, both by name."""
    rows, weights = {}, {}
    for name, sources in blends.items():
        rows[name], weights[name] = nested_blend_decisions(y, sources, folds)
        print(f"{name}: done", file=sys.stderr, flush=True)
    return rows, weights


def write_blend_report(
    path: Path,
    title: str,
    command: str,
    results: tuple[np.ndarray, np.ndarray, dict, dict],
    began: float,
) -> None:
    """Write (and print) a per-language micro-F1 table of nested predictions.

    ``results`` is (gold, languages, predictions by row name, blend weights per fold
    by row name).
    """
    y, langs, rows, weights = results
    columns, table = micro_f1_table(y, rows, langs)
    text = (
        f"# {title} ({datetime.now(UTC):%Y-%m-%d})\n\n"
        f"Command: `{command}`\n\n"
        "Paragraph micro-F1 out of fold on the dump's folds; thresholds and blend weights "
        "chosen on the other folds.\n\n"
        f"{chr(10).join(markdown_table(table, columns))}\n\n"
        + "".join(f"Blend weights chosen per fold, {k}: {w}\n\n" for k, w in weights.items())
        + f"{time.time() - began:.0f} s.\n"
    )
    path.write_text(text)
    print(text)


def main(argv: list[str] | None = None) -> int:
    parser = replacement_parser(__doc__.split("\n\n")[0])
    config = TrainConfig()
    parser.add_argument("--hidden", type=int, default=config.attention_hidden)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--snapshots", type=int, nargs="+", default=[4, 6, 8])
    args = parser.parse_args(argv)
    began = time.time()
    dump = np.load(args.oof)
    y, folds, langs = dump["y"], dump["folds"], dump["langs"]
    x, lengths = paragraph_states(args.data, args.tokens, y)
    print(f"{(lengths > 0).sum()} of {len(y)} paragraphs have tokens", file=sys.stderr)
    candidate = paragraph_oof(x, lengths, y, folds, args)
    del x
    # the blend as it was before this candidate shipped as its eighth source
    before = [name for name in SOURCES if name != "paragraph_attention"]
    shipped = {name: dump[name] for name in before if name in dump}
    rows = {
        "paragraph attention alone": nested_decisions(y, candidate, folds),
        "sentence attention alone (shipped)": nested_decisions(y, shipped["attention"], folds),
    }
    blended, weights = nested_blends(
        y,
        folds,
        {
            "shipped blend": shipped,
            "shipped blend + paragraph attention": shipped | {"paragraph_attention": candidate},
        },
    )
    rows |= blended
    write_blend_report(
        RESULTS,
        "An attention head over whole paragraphs",
        f"python benchmarks/bench_paragraph_attention.py --data {args.data} "
        f"--oof {args.oof} --hidden {args.hidden} --seeds {' '.join(map(str, args.seeds))} "
        f"--snapshots {' '.join(map(str, args.snapshots))}",
        (y, langs, rows, weights),
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
