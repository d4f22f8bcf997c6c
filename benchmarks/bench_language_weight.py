"""Does counting one language's paragraphs more lift that language in the blend?

Usage::

    python benchmarks/bench_language_weight.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --language fr --times 2

    python benchmarks/bench_language_weight.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --language en --times 1 --rest-times 2 \\
        --out benchmarks/results/language_weight_en_half.md

Every head trains on the six languages jointly, where English has nearly half the
paragraphs (9498 of 20207) and French about a ninth. The analysts this tool is for
read French first, so the question is whether the joint model underfits French, or
whether English, by its weight, pulls the heads toward its own annotators' habits
(``--rest-times 2`` counts every other language twice: English at half). The
candidate is the shipped paragraph attention ensemble (``paragraph_attention``: same
hidden size, seed and snapshots) trained with each of the language's training
paragraphs repeated ``--times`` times (the others' ``--rest-times``), out of fold on
the dump's folds. It replaces the dumped source, and the blend is searched again by
the model card's nested procedure (fold k's weights and thresholds come from the
other folds).

Needs the token store and the dump of ``spinscope train`` (see
``bench_paragraph_attention.py``). About 25 minutes on 2 cores. Results go to
``benchmarks/results/language_weight.md`` unless ``--out`` names another file.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from bench_paragraph_attention import (
    nested_blends,
    paragraph_oof,
    replacement_inputs,
    replacement_parser,
    write_blend_report,
)

from spinscope.persuasion.blend import nested_decisions
from spinscope.persuasion.train_config import TrainConfig

RESULTS = Path(__file__).resolve().parent / "results" / "language_weight.md"


def main(argv: list[str] | None = None) -> int:
    parser = replacement_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="fr", help="the language counted more")
    parser.add_argument("--times", type=int, default=2, help="how many times it is counted")
    parser.add_argument(
        "--rest-times", type=int, default=1, help="how many times the other languages count"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="results file to write")
    config = TrainConfig()
    args = parser.parse_args(argv)
    args.hidden = config.attention_hidden
    args.seeds = list(config.paragraph_attention_seeds)
    args.snapshots = list(config.paragraph_attention_snapshots)
    began = time.time()
    inputs = replacement_inputs(args)
    y, folds, langs = inputs.y, inputs.folds, inputs.langs
    shipped = inputs.shipped
    repeat = np.where(langs == args.language, args.times, args.rest_times)
    label = f"{args.language} ×{args.times}" + (
        f", others ×{args.rest_times}" if args.rest_times != 1 else ""
    )
    candidate = paragraph_oof(inputs.x, inputs.lengths, y, folds, args, repeat)
    del inputs
    rows = {
        "paragraph attention alone (shipped)": nested_decisions(
            y, shipped["paragraph_attention"], folds
        ),
        f"paragraph attention alone, {label}": nested_decisions(y, candidate, folds),
    }
    blended, weights = nested_blends(
        y,
        folds,
        {
            "shipped blend": shipped,
            f"blend with it, {label}": shipped | {"paragraph_attention": candidate},
        },
    )
    rows |= blended
    command = (
        f"python benchmarks/bench_language_weight.py --data {args.data} "
        f"--oof {args.oof} --language {args.language} --times {args.times}"
    )
    if args.rest_times != 1:
        command += f" --rest-times {args.rest_times}"
    if args.out != RESULTS:
        command += f" --out {args.out}"
    write_blend_report(
        args.out,
        "Counting one language more" if args.rest_times == 1 else "Counting languages apart",
        command,
        (y, langs, rows, weights),
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
