"""Would a wider or narrower attention ensemble lift the blend?

Usage::

    python benchmarks/bench_attention_width.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --hidden 128 512 [--level sentence]

The attention sources read every token through one hidden layer of
``TrainConfig.attention_hidden`` units (256), a width taken over from the first
token-state benchmark and never varied since. The attention ensembles are the blend's
strongest sources, so this asks whether that width was a good guess. Each candidate is
one shipped ensemble at another width, same seeds and snapshots, out of fold on the
dump's folds; it replaces the dumped source, and the blend is searched again by the
model card's nested procedure (fold k's weights and thresholds come from the other
folds). ``--level paragraph`` (the default) varies ``paragraph_attention``, trained on
each paragraph's tokens against its labels; ``--level sentence`` varies ``attention``,
trained on each sentence's tokens against the span-derived sentence labels and pooled
over the paragraph by noisy-OR, as shipped. The other ensemble stays as dumped.

Needs the token store, the vector cache and the dump of ``spinscope train`` (see
``bench_paragraph_attention.py``). With the stores warm, about 10 minutes per width on
2 cores at the paragraph level (one seed), about twice that at the sentence level (two
seeds). Results go to ``benchmarks/results/attention_width.md`` (paragraph) or
``attention_width_sentence.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from bench_paragraph_attention import (
    dumped_articles,
    nested_blends,
    paragraph_oof,
    replacement_inputs,
    replacement_parser,
    write_blend_report,
)
from bench_token_states import sentence_texts, token_oof, with_vectors

from spinscope.persuasion.blend import nested_decisions
from spinscope.persuasion.encoder import Encoder, VectorCache
from spinscope.persuasion.model import SOURCES, noisy_or_over_sentences
from spinscope.persuasion.token_store import TokenStore
from spinscope.persuasion.train_config import TrainConfig
from spinscope.persuasion.train_sources import sentence_data, split_by_paragraph

RESULTS = Path(__file__).resolve().parent / "results"
# Per level: the dumped source a candidate replaces, its name in the table, the report.
LEVELS = {
    "paragraph": ("paragraph_attention", "paragraph attention", "attention_width.md"),
    "sentence": ("attention", "sentence attention", "attention_width_sentence.md"),
}

Fit = Callable[[int], np.ndarray]  # a width → out-of-fold paragraph scores


def paragraph_candidates(args: argparse.Namespace, config: TrainConfig) -> tuple[dict, Fit]:
    """The dump, and a fitter of the paragraph attention ensemble at a given width."""
    inputs = replacement_inputs(args)

    def fit(hidden: int) -> np.ndarray:
        settings = SimpleNamespace(
            hidden=hidden,
            seeds=list(config.paragraph_attention_seeds),
            snapshots=list(config.paragraph_attention_snapshots),
        )
        return paragraph_oof(inputs.x, inputs.lengths, inputs.y, inputs.folds, settings)

    dump = {"y": inputs.y, "folds": inputs.folds, "langs": inputs.langs, **inputs.shipped}
    return dump, fit


def sentence_candidates(args: argparse.Namespace, config: TrainConfig) -> tuple[dict, Fit]:
    """The dump, and a fitter of the sentence attention ensemble at a given width, its
    sentence scores pooled into paragraphs by noisy-OR as shipped."""
    loaded = np.load(args.oof)
    dump = {name: loaded[name] for name in ("y", "folds", "langs", *SOURCES) if name in loaded}
    y = dump["y"]
    split, articles = dumped_articles(args.data, y)
    with_vectors(articles, Encoder(VectorCache(Path(args.cache))))
    sentences = sentence_data(articles, split.spans or {})
    x, lengths = TokenStore(Path(args.tokens)).sentence_states(sentence_texts(articles))

    def fit(hidden: int) -> np.ndarray:
        settings = SimpleNamespace(
            hidden=hidden,
            seeds=list(config.attention_seeds),
            snapshots=list(config.attention_snapshots),
            lr=config.attention_lr,
            weight_decay=config.attention_weight_decay,
        )
        scores = token_oof(x, lengths, sentences.targets, sentences.folds, settings)["ensemble"]
        per_paragraph = split_by_paragraph(scores, sentences.paragraph_row, len(y))
        return noisy_or_over_sentences(per_paragraph, y.shape[1])

    return dump, fit


def main(argv: list[str] | None = None) -> int:
    parser = replacement_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 512], help="widths")
    parser.add_argument("--level", choices=sorted(LEVELS), default="paragraph")
    parser.add_argument(
        "--cache", default=".cache/embeddings.sqlite", help="vector cache (sentence level)"
    )
    args = parser.parse_args(argv)
    config = TrainConfig()
    began = time.time()
    source, label, report = LEVELS[args.level]
    candidates = paragraph_candidates if args.level == "paragraph" else sentence_candidates
    dump, fit = candidates(args, config)
    y, folds, langs = dump["y"], dump["folds"], dump["langs"]
    shipped = {name: dump[name] for name in SOURCES if name in dump}
    width = config.attention_hidden
    rows = {f"{label} alone, {width} (shipped)": nested_decisions(y, shipped[source], folds)}
    blends = {f"shipped blend ({width})": shipped}
    for hidden in args.hidden:
        candidate = fit(hidden)
        rows[f"{label} alone, {hidden}"] = nested_decisions(y, candidate, folds)
        blends[f"blend with it at {hidden}"] = shipped | {source: candidate}
        print(f"width {hidden}: scored ({time.time() - began:.0f} s)", file=sys.stderr)
    del fit
    blended, weights = nested_blends(y, folds, blends)
    rows |= blended
    level = "" if args.level == "paragraph" else f" --level {args.level}"
    write_blend_report(
        RESULTS / report,
        f"Width of the {label} ensemble",
        f"python benchmarks/bench_attention_width.py --data {args.data} --oof {args.oof} "
        f"--hidden {' '.join(map(str, args.hidden))}{level}",
        (y, langs, rows, weights),
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
