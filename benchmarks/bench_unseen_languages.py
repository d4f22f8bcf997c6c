"""Techniques on a language with no training data: each training language held out in turn.

Usage::

    spinscope train --data ../shared/data/semeval2023 --out /tmp/models --dump .cache/oof
    python benchmarks/bench_unseen_languages.py ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --cache .cache/embeddings.sqlite \\
        --tokens .cache/token_states

For each held-out language, every score source is trained as ``spinscope train``
trains it, on the other languages' paragraphs only, and the held-out paragraphs are
scored as an unknown language would be (code "xx": no language one-hot). Thresholds
are tuned on the other languages' out-of-fold scores from the training dump, as a
model trained without that language would tune them. Reported: micro-F1 of each
source alone and of the rules an unknown language could be scored by
(``candidate_blends``): the shipped blend, that blend without the two sources that
read the training languages' words (lexical n-grams, token tagger), the sources that
transfer best alone, and mixes of the latent-term head with the whole blend, whose
half-and-half mix is what ships (``TrainConfig.unseen_sources``/``unseen_share``).
Blend weights are the shipped ones, chosen with every language present, restricted
to each rule's sources. The two attention heads read the token states of every
training sentence, kept in the token store (``--tokens``; filled by the first run,
about 20 minutes on 2 cores); training every source for the six languages takes
about 50 minutes more. ``--scores`` keeps the held-out scores, and ``--from-scores``
remakes the table from them in seconds.
Results go to ``benchmarks/results/unseen_languages.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy import sparse

RESULTS = Path(__file__).resolve().parent / "results" / "unseen_languages.md"
UNKNOWN = "xx"
SURFACE = ("lexical", "tokens")  # the sources that read the training languages' words


def candidate_blends(weights: dict[str, float]) -> dict[str, dict[str, float]]:
    """The rules a language without training data could be scored by, from the
    shipped blend ``weights``."""
    from spinscope.persuasion.blend import mixed, restricted

    names = tuple(weights)
    return {
        "shipped blend": weights,
        "without lexical, tokens": restricted(weights, tuple(n for n in names if n not in SURFACE)),
        "attention heads": restricted(weights, ("attention", "paragraph_attention")),
        "latents + attention heads": restricted(
            weights, ("latents", "attention", "paragraph_attention")
        ),
        **{
            f"latents {share:g} + blend {1 - share:g}": mixed(weights, ("latents",), share)
            for share in (0.75, 0.5, 0.25)
        },
    }


def held_out_scores(
    base, split, language: str, config, pooling: dict[str, str], states: tuple
) -> tuple[np.ndarray, dict]:
    """Gold labels and each source's scores for ``language``'s paragraphs, trained without it;
    sentence-level sources pooled as the shipped model pools them (``pooling``);
    ``states``: every sentence's token states back to back, and their counts."""
    from spinscope.persuasion import train_sources as t
    from spinscope.persuasion.dataset import multi_hot, paragraph_table
    from spinscope.persuasion.encoder import DIM
    from spinscope.persuasion.latents import sentence_latent_features
    from spinscope.persuasion.lexical import LexicalHead
    from spinscope.persuasion.model import max_over_sentences, pool_sentences
    from spinscope.persuasion.taxonomy import TECHNIQUE_NAMES

    articles = [
        dataclasses.replace(a, language=UNKNOWN) if a.language == language else a for a in base
    ]
    table = paragraph_table(articles)
    y = multi_hot([split.techniques.get(k, []) for k in table.keys], TECHNIQUE_NAMES)
    held = np.array([base[i].language == language for i in table.article_index])
    sentences = t.sentence_data(articles, split.spans or {})
    tokens = t.token_data(articles, y, split.spans or {})
    token_owner = np.concatenate(
        [np.full(hi - lo, row) for row, (lo, hi) in enumerate(tokens.paragraph_rows)]
    )
    s_train, s_test = ~held[sentences.paragraph_row], held[sentences.paragraph_row]
    t_train = ~held[token_owner]
    latent_x = sparse.vstack(
        [sentence_latent_features(a.inputs, a.language) for a in articles], format="csr"
    )
    vectors = sentences.features[:, :DIM]
    n = len(TECHNIQUE_NAMES)

    def per_paragraph(source: str, flat_test: np.ndarray) -> np.ndarray:
        flat = np.zeros(sentences.targets.shape, np.float32)
        flat[s_test] = flat_test
        split_rows = t.split_by_paragraph(flat, sentences.paragraph_row, len(y))
        return pool_sentences(split_rows, n, pooling.get(source, "max"))[held]

    token_x, token_lengths = states
    paragraph_lengths = np.bincount(
        sentences.paragraph_row, weights=token_lengths, minlength=len(y)
    ).astype(int)
    p_train = np.flatnonzero(~held & (paragraph_lengths > 0))
    p_test = np.flatnonzero(held & (paragraph_lengths > 0))
    paragraph_attention = np.zeros(y.shape, np.float32)
    paragraph_attention[p_test] = t.fit_attention_head(
        *t.token_rows(token_x, paragraph_lengths, p_train), y[p_train], config, paragraphs=True
    ).predict_proba(*t.token_rows(token_x, paragraph_lengths, p_test))
    texts = np.array(table.texts, dtype=object)
    tagger = t.fit_detection_tagger(tokens.matrix[t_train], tokens.targets[t_train], config)
    scores = {
        "paragraph": t.mean_probabilities(
            t.fit_technique_heads(table.features[~held], y[~held], config),
            table.features[held],
        ),
        "sentence": per_paragraph(
            "sentence",
            t.mean_probabilities(
                t.fit_sentence_heads(
                    sentences.features[s_train], sentences.targets[s_train], config
                ),
                sentences.features[s_test],
            ),
        ),
        "lexical": LexicalHead.fit(
            list(texts[~held]), y[~held], TECHNIQUE_NAMES, c=config.lexical_c
        ).predict_proba(list(texts[held])),
        "tokens": max_over_sentences(
            [
                tagger.scores(tokens.matrix[lo:hi])
                for lo, hi in np.array(tokens.paragraph_rows)[held]
            ],
            n,
        ),
        "neighbours": per_paragraph(
            "neighbours",
            t.fit_neighbours(vectors[s_train], sentences.targets[s_train], config).scores(
                vectors[s_test]
            ),
        ),
        "latents": per_paragraph(
            "latents",
            t.fit_latent_head(latent_x[s_train], sentences.targets[s_train], config).predict_proba(
                latent_x[s_test]
            ),
        ),
        "attention": per_paragraph(
            "attention",
            t.fit_attention_head(
                *t.token_rows(token_x, token_lengths, np.flatnonzero(s_train)),
                sentences.targets[s_train],
                config,
            ).predict_proba(*t.token_rows(token_x, token_lengths, np.flatnonzero(s_test))),
        ),
        "paragraph_attention": paragraph_attention[held],
    }
    return y[held], scores


def trained_scores(args: argparse.Namespace):
    """Each held-out language's gold labels and source scores, training every source."""
    from spinscope.persuasion.dataset import collect, embed
    from spinscope.persuasion.encoder import Encoder, VectorCache
    from spinscope.persuasion.model import PersuasionModel
    from spinscope.persuasion.semeval import load_split
    from spinscope.persuasion.token_store import TokenStore
    from spinscope.persuasion.train_config import TrainConfig

    split = load_split(args.data, "train")
    base = [a for a in collect(split) if a.paragraphs]
    cache = VectorCache(args.cache)
    sentences = [a.article.text[s:e] for a in base for sp in a.sentences for s, e in sp]
    store = TokenStore(Path(args.tokens))
    store.fill(sentences, cache)
    states = store.sentence_states(sentences)
    store.close()
    embed(base, Encoder(cache))
    pooling = PersuasionModel.load().sentence_pooling
    for language in args.languages or sorted({a.language for a in base}):
        yield language, held_out_scores(base, split, language, TrainConfig(), pooling, states)


def saved_scores(path: str):
    """The same, read back from a ``--scores`` file."""
    saved = np.load(path)
    for language in sorted({key.partition("/")[0] for key in saved.files}):
        scores = {
            key.partition("/")[2]: saved[key]
            for key in saved.files
            if key.partition("/")[0] == language
        }
        yield language, (scores.pop("gold"), scores)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="SemEval-2023 Task 3 folder (train split)")
    parser.add_argument("--oof", required=True, help="techniques_oof.npz (spinscope train --dump)")
    parser.add_argument("--cache", default=".cache/embeddings.sqlite", help="sentence vector cache")
    parser.add_argument(
        "--tokens", default=".cache/token_states", help="token state store (filled if missing)"
    )
    parser.add_argument("--languages", nargs="*", help="languages to hold out (default: all)")
    parser.add_argument(
        "--scores",
        help="also save each held-out language's gold labels and source scores here (.npz), "
        "so that other blends can be measured without retraining",
    )
    parser.add_argument(
        "--from-scores", help="remake the table from scores saved by --scores (no training)"
    )
    args = parser.parse_args()

    from spinscope.persuasion.blend import blend
    from spinscope.persuasion.heads import micro_f1, tune_thresholds
    from spinscope.persuasion.model import SOURCES, PersuasionModel

    oof = np.load(args.oof)
    shipped = PersuasionModel.load()
    measured = list(SOURCES)
    blends = candidate_blends(shipped.blend)
    columns = [*measured, *blends]
    held_out = saved_scores(args.from_scores) if args.from_scores else trained_scores(args)
    rows: dict[str, dict[str, float]] = {}
    kept: dict[str, np.ndarray] = {}
    began = time.time()
    for language, (gold, scores) in held_out:
        other = oof["langs"] != language
        y_other = oof["y"][other]
        other_scores = {name: oof[name][other] for name in measured}
        row = {}
        for name in measured:
            row[name] = micro_f1(gold, scores[name] >= tune_thresholds(y_other, other_scores[name]))
        for label, w in blends.items():
            thresholds = tune_thresholds(y_other, blend(other_scores, w))
            row[label] = micro_f1(gold, blend(scores, w) >= thresholds)
        rows[f"{language} ({len(gold)} paragraphs)"] = row
        kept[f"{language}/gold"] = gold
        kept.update({f"{language}/{name}": part for name, part in scores.items()})
        if args.scores:
            np.savez_compressed(args.scores, **kept)
        print(language, {k: round(v, 4) for k, v in row.items()}, f"{time.time() - began:.0f} s")
        sys.stdout.flush()
    mean = {c: float(np.mean([r[c] for r in rows.values()])) for c in columns}
    lines = [
        "# Techniques on a language without training data (each language held out in turn)",
        "",
        f"- Run: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}, "
        f"`python {' '.join(sys.argv)}`, {time.time() - began:.0f} s on 2 cores",
        "- Each source trained on the other languages and scoring the held-out one as an "
        "unknown language; thresholds tuned on the other languages' out-of-fold scores.",
        f"- Shipped blend weights: {shipped.blend}; each other rule restricts them to its "
        "sources (weights renormalised) or mixes that with the whole blend.",
        f"- Shipped rule for a language without training data: {shipped.unseen_blend}.",
        "",
        "Paragraph micro-F1:",
        "",
        "| held out | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for name, row in [*rows.items(), ("mean", mean)]:
        lines.append(f"| {name} | " + " | ".join(f"{row[c]:.4f}" for c in columns) + " |")
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
