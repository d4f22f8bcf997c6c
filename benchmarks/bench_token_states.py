"""Does reading token states, not one pooled vector per sentence, lift technique detection?

Usage::

    python benchmarks/bench_token_states.py --data ../shared/data/semeval2023 \\
        --cache .cache/embeddings.sqlite --tokens .cache/token_states

Every head the model shipped before the attention head read a sentence as the mean of
its tokens' states (of layers 6, 8, 10 and 12); this benchmark is the evidence that
made the attention head a source of the blend. It scores the training paragraphs out of fold,
on the shipped folds (by article), with

- ``paragraph``: the shipped paragraph MLPs on the shipped paragraph features;
- ``sentence``: the shipped sentence MLPs on the shipped sentence features, trained on
  span-derived sentence labels, noisy-OR over the paragraph's sentences;
- ``attention``: ``attention.AttentionEnsemble`` (``TokenAttentionHead`` per seed, kept
  after each snapshot epoch, probabilities averaged) on each sentence's token states
  (same layers, each token's own state; the "passage:" prefix dropped), trained on
  the same sentence labels and pooled the same way;
- blends of them, weights and thresholds chosen on the other folds (as the model card).

Thresholds are always tuned on the other folds. The first run embeds every training
sentence once with its token states (36 minutes on 2 cores; 1.1 GB of float16 under
``--tokens``) and puts the vectors in the cache on the way. Results go to
``benchmarks/results/token_states.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.attention import AttentionEnsemble
from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.dataset import ArticleData, collect, multi_hot
from spinscope.persuasion.encoder import Encoder, VectorCache
from spinscope.persuasion.features import ParagraphInput, paragraph_features
from spinscope.persuasion.heads import fit_mlp
from spinscope.persuasion.model import noisy_or_over_sentences
from spinscope.persuasion.semeval import load_split
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_metrics import micro_f1_table
from spinscope.persuasion.train_sources import sentence_data, split_by_paragraph, token_rows

RESULTS = Path(__file__).resolve().parent / "results" / "token_states.md"


def sentence_texts(articles: list[ArticleData]) -> list[str]:
    return [a.article.text[s:e] for a in articles for spans in a.sentences for s, e in spans]


def with_vectors(articles: list[ArticleData], encoder: Encoder) -> None:
    """Fill ``inputs`` from cached vectors (no latent terms: no head here reads them)."""
    for a in articles:
        a.inputs = [
            ParagraphInput(
                p.text,
                encoder.embed([a.article.text[s:e] for s, e in spans]),
                is_title=p.line == 1,
            )
            for p, spans in zip(a.paragraphs, a.sentences, strict=True)
        ]


def mlp_oof(x: np.ndarray, y: np.ndarray, folds: np.ndarray, name: str) -> np.ndarray:
    """Out-of-fold scores of the shipped MLP ensemble (shape, L2 and seeds of TrainConfig)."""
    config = TrainConfig()
    oof = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        tr, te = folds != k, folds == k
        heads = [
            fit_mlp(x[tr], y[tr], TECHNIQUE_NAMES, config.hidden, config.alpha, seed=s)
            for s in config.seeds
        ]
        oof[te] = np.mean([h.predict_proba(x[te]) for h in heads], axis=0)
        print(f"{name}: fold {k + 1} done", file=sys.stderr, flush=True)
    return oof


def token_oof(x, lengths, y, folds, args) -> dict[str, np.ndarray]:
    """Out-of-fold scores of the attention ensemble and of each of its members alone."""
    members = [f"seed {s}, epoch {e}" for s in args.seeds for e in args.snapshots]
    oof = {name: np.zeros(y.shape, np.float32) for name in ["ensemble", *members]}
    for k in np.unique(folds):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        x_tr, len_tr = token_rows(x, lengths, tr)
        x_te, len_te = token_rows(x, lengths, te)
        ensemble = AttentionEnsemble.fit(
            x_tr,
            len_tr,
            y[tr].astype(np.float32),
            hidden=args.hidden,
            seeds=args.seeds,
            snapshots=args.snapshots,
            lr=args.lr,
            weight_decay=args.weight_decay,
            progress=lambda seed, e, loss, k=k: print(
                f"attention: fold {k + 1} seed {seed} epoch {e + 1} loss {loss:.4f}",
                file=sys.stderr,
                flush=True,
            ),
        )
        for name, head in zip(members, ensemble.heads, strict=True):
            oof[name][te] = head.predict_proba(x_te, len_te)
        oof["ensemble"][te] = np.mean([oof[name][te] for name in members], axis=0)
    return oof


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--cache", default=".cache/embeddings.sqlite", help="vector cache")
    parser.add_argument("--tokens", default=".cache/token_states", help="token state store")
    config = TrainConfig()
    parser.add_argument("--hidden", type=int, default=config.attention_hidden)
    parser.add_argument("--lr", type=float, default=config.attention_lr)
    parser.add_argument("--weight-decay", type=float, default=config.attention_weight_decay)
    parser.add_argument(
        "--seeds", type=int, nargs="+", default=list(config.attention_seeds), help="one head each"
    )
    parser.add_argument(
        "--snapshots",
        type=int,
        nargs="+",
        default=list(config.attention_snapshots),
        help="epochs after which each head's weights are kept as an ensemble member",
    )
    parser.add_argument("--max-articles", type=int, help="first N articles only (a smoke run)")
    parser.add_argument("--dump", help="write both sources' out-of-fold scores to this .npz")
    args = parser.parse_args(argv)
    began = time.time()
    split = load_split(args.data, "train")
    articles = [a for a in collect(split) if a.paragraphs][: args.max_articles]
    cache = VectorCache(Path(args.cache))
    store = TokenStore(Path(args.tokens))
    store.fill(sentence_texts(articles), cache)
    keys = [p.key for a in articles for p in a.paragraphs]
    y = multi_hot([split.techniques.get(k, []) for k in keys], TECHNIQUE_NAMES)
    folds = np.array([a.fold for a in articles for _ in a.paragraphs])
    langs = np.array([a.language for a in articles for _ in a.paragraphs])
    with_vectors(articles, Encoder(cache))
    sentences = sentence_data(articles, split.spans or {})
    x, lengths = store.sentence_states(sentence_texts(articles))
    print(f"{len(y)} paragraphs, {len(lengths)} sentences, {len(x)} tokens", file=sys.stderr)

    def pooled(scores: np.ndarray) -> np.ndarray:
        return noisy_or_over_sentences(
            split_by_paragraph(scores, sentences.paragraph_row, len(y)), y.shape[1]
        )

    paragraph_x = np.concatenate([paragraph_features(a.inputs, a.language) for a in articles])
    attention = {
        name: pooled(scores)
        for name, scores in token_oof(x, lengths, sentences.targets, sentences.folds, args).items()
    }
    sources = {
        "attention": attention.pop("ensemble"),
        "paragraph": mlp_oof(paragraph_x, y, folds, "paragraph"),
        "sentence": pooled(
            mlp_oof(sentences.features, sentences.targets, sentences.folds, "sentence")
        ),
    }
    if args.dump:
        np.savez_compressed(args.dump, y=y, folds=folds, langs=langs, **sources)
    rows = {f"member {name}": nested_decisions(y, s, folds) for name, s in attention.items()}
    rows |= {name: nested_decisions(y, s, folds) for name, s in sources.items()}
    weights = {}
    for kept in (("paragraph", "sentence"), ("paragraph", "sentence", "attention")):
        name = " + ".join(kept)
        rows[name], weights[name] = nested_blend_decisions(y, {k: sources[k] for k in kept}, folds)
    columns, table = micro_f1_table(y, rows, langs)
    text = (
        f"# Token states against pooled vectors ({datetime.now(UTC):%Y-%m-%d})\n\n"
        f"Command: `python benchmarks/bench_token_states.py --data {args.data} "
        f"--hidden {args.hidden} --lr {args.lr} --weight-decay {args.weight_decay} "
        f"--seeds {' '.join(map(str, args.seeds))} "
        f"--snapshots {' '.join(map(str, args.snapshots))}`\n\n"
        "`attention` is the ensemble: the mean of the members' probabilities (each member "
        "is one seed's weights after one epoch).\n\n"
        "Paragraph micro-F1 out of fold on the shipped folds, thresholds tuned on the "
        "other folds (blend weights too).\n\n"
        f"{chr(10).join(markdown_table(table, columns))}\n\n"
        + "".join(f"Blend weights chosen per fold, {k}: {w}\n\n" for k, w in weights.items())
        + f"{len(y)} paragraphs, {len(lengths)} sentences, {len(x)} tokens; "
        f"{time.time() - began:.0f} s.\n"
    )
    if args.max_articles is None:
        RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
