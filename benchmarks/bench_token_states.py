"""Does reading token states, not one pooled vector per sentence, lift technique detection?

Usage::

    python benchmarks/bench_token_states.py --data ../shared/data/semeval2023 \\
        --cache .cache/embeddings.sqlite --tokens .cache/token_states

Every head the model ships reads a sentence as the mean of its tokens' states (of
layers 6, 8, 10 and 12). This benchmark scores the training paragraphs out of fold,
on the shipped folds (by article), with

- ``mlp``: the shipped paragraph MLP (two seeds) on the shipped paragraph features;
- ``tokens``: ``token_head.TokenAttentionHead`` on the paragraph's token states
  (same layers, each token's own state; the "passage:" prefix dropped);
- their blend, weights and thresholds chosen on the other folds (as the model card).

Thresholds are always tuned on the other folds. The first run embeds every training
sentence once with its token states (~35 minutes on 2 cores; ~2.6 GB of float16 under
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from token_head import TokenAttentionHead  # noqa: E402
from token_store import TokenStore  # noqa: E402

from spinscope.persuasion.blend import nested_blend_decisions, nested_decisions  # noqa: E402
from spinscope.persuasion.card import markdown_table  # noqa: E402
from spinscope.persuasion.dataset import ArticleData, collect, multi_hot  # noqa: E402
from spinscope.persuasion.encoder import Encoder, VectorCache, text_key  # noqa: E402
from spinscope.persuasion.features import ParagraphInput, paragraph_features  # noqa: E402
from spinscope.persuasion.heads import fit_mlp  # noqa: E402
from spinscope.persuasion.semeval import load_split  # noqa: E402
from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES  # noqa: E402
from spinscope.persuasion.training import TrainConfig, _per_language  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "token_states.md"
PREFIX_TOKENS = 2  # "▁passage", ":" (the text's first piece carries the prefix's space)


def sentence_texts(articles: list[ArticleData]) -> list[str]:
    return [a.article.text[s:e] for a in articles for spans in a.sentences for s, e in spans]


def paragraph_tokens(
    articles: list[ArticleData], store: TokenStore
) -> tuple[np.ndarray, np.ndarray]:
    """Every paragraph's token states back to back (float16) and each paragraph's count."""
    index, states = store.known(), store.states()
    pieces, lengths = [], []
    for a in articles:
        for spans in a.sentences:
            rows = []
            for s, e in spans:
                start, count = index[text_key(a.article.text[s:e])]
                skip = min(PREFIX_TOKENS, count - 1)
                rows.append(np.asarray(states[start + skip : start + count]))
            block = np.concatenate(rows) if rows else np.zeros((1, states.shape[1]), np.float16)
            pieces.append(block)
            lengths.append(len(block))
    return np.concatenate(pieces), np.array(lengths)


def mlp_oof(articles: list[ArticleData], encoder: Encoder, y: np.ndarray, folds: np.ndarray):
    """Out-of-fold scores of the shipped paragraph MLP (vectors only, from the cache)."""
    rows = []
    for a in articles:
        inputs = []
        for p, spans in zip(a.paragraphs, a.sentences, strict=True):
            vectors = encoder.embed([a.article.text[s:e] for s, e in spans])
            inputs.append(ParagraphInput(p.text, vectors, is_title=p.line == 1))
        rows.append(paragraph_features(inputs, a.language))
    x = np.concatenate(rows)
    config = TrainConfig()
    oof = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        tr, te = folds != k, folds == k
        heads = [
            fit_mlp(x[tr], y[tr], TECHNIQUE_NAMES, config.hidden, config.alpha, seed=s)
            for s in config.seeds
        ]
        oof[te] = np.mean([h.predict_proba(x[te]) for h in heads], axis=0)
        print(f"mlp: fold {k + 1} done", file=sys.stderr, flush=True)
    return oof


def token_oof(x, lengths, y, folds, args) -> np.ndarray:
    ends = np.cumsum(lengths)
    starts = ends - lengths
    oof = np.zeros(y.shape, np.float32)
    for k in np.unique(folds):
        tr, te = np.flatnonzero(folds != k), np.flatnonzero(folds == k)
        x_tr = np.concatenate([x[starts[r] : ends[r]] for r in tr])
        x_te = np.concatenate([x[starts[r] : ends[r]] for r in te])
        head = TokenAttentionHead(x.shape[1], args.hidden, y.shape[1], seed=args.seed)
        head.fit(
            x_tr,
            lengths[tr],
            y[tr].astype(np.float32),
            epochs=args.epochs,
            lr=args.lr,
            weight_decay=args.weight_decay,
            progress=lambda e, loss, k=k: print(
                f"tokens: fold {k + 1} epoch {e + 1} loss {loss:.4f}", file=sys.stderr, flush=True
            ),
        )
        oof[te] = head.predict_proba(x_te, lengths[te])
    return oof


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="SemEval-2023 folder (train split)")
    parser.add_argument("--cache", default=".cache/embeddings.sqlite", help="vector cache")
    parser.add_argument("--tokens", default=".cache/token_states", help="token state store")
    parser.add_argument("--hidden", type=int, default=256)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
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
    x, lengths = paragraph_tokens(articles, store)
    print(f"{len(lengths)} paragraphs, {len(x)} tokens", file=sys.stderr, flush=True)
    sources = {
        "tokens": token_oof(x, lengths, y, folds, args),
        "mlp": mlp_oof(articles, Encoder(cache), y, folds),
    }
    if args.dump:
        np.savez_compressed(args.dump, y=y, folds=folds, langs=langs, **sources)
    rows = {name: nested_decisions(y, s, folds) for name, s in sources.items()}
    rows["mlp + tokens (mean)"] = nested_decisions(
        y, (sources["mlp"] + sources["tokens"]) / 2, folds
    )
    rows["mlp + tokens (nested weights)"], weights = nested_blend_decisions(y, sources, folds)
    columns = [*sorted(set(langs)), "all", "mean_over_languages"]
    table = {}
    for name, pred in rows.items():
        figures = _per_language(y, pred, langs)
        table[name] = {c: figures[c]["micro_f1"] for c in columns}
    text = (
        f"# Token states against pooled vectors ({datetime.now(UTC):%Y-%m-%d})\n\n"
        f"Command: `python benchmarks/bench_token_states.py --data {args.data} "
        f"--hidden {args.hidden} --epochs {args.epochs} --lr {args.lr} "
        f"--weight-decay {args.weight_decay} --seed {args.seed}`\n\n"
        "Paragraph micro-F1 out of fold on the shipped folds, thresholds tuned on the "
        "other folds (blend weights too).\n\n"
        f"{chr(10).join(markdown_table(table, columns))}\n\n"
        f"Blend weights chosen per fold: {weights}\n\n"
        f"{len(lengths)} paragraphs, {len(x)} tokens; {time.time() - began:.0f} s.\n"
    )
    if args.max_articles is None:
        RESULTS.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
