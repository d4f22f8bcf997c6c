"""Would a wider or narrower paragraph attention ensemble lift the blend?

Usage::

    python benchmarks/bench_attention_width.py --data ../shared/data/semeval2023 \\
        --oof .cache/oof/techniques_oof.npz --hidden 128 512

The attention sources read every token through one hidden layer of
``TrainConfig.attention_hidden`` units (256), a width taken over from the first
token-state benchmark and never varied since. The attention ensembles are the blend's
strongest sources, so this asks whether that width was a good guess. Each candidate is
the shipped paragraph attention ensemble (``paragraph_attention``: same seed and
snapshots) at another width, out of fold on the dump's folds; it replaces the dumped
source, and the blend is searched again by the model card's nested procedure (fold k's
weights and thresholds come from the other folds). The sentence-level ensemble is left
as shipped: what one width says of the other is not measured here.

Needs the token store and the dump of ``spinscope train`` (see
``bench_paragraph_attention.py``). About 10 minutes per width on 2 cores with the
stores warm. Results go to ``benchmarks/results/attention_width.md``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import SimpleNamespace

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

RESULTS = Path(__file__).resolve().parent / "results" / "attention_width.md"


def main(argv: list[str] | None = None) -> int:
    parser = replacement_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 512], help="widths")
    args = parser.parse_args(argv)
    config = TrainConfig()
    began = time.time()
    inputs = replacement_inputs(args)
    y, folds, langs, has = inputs.y, inputs.folds, inputs.langs, inputs.has
    shipped = inputs.shipped
    width = config.attention_hidden
    rows = {
        f"paragraph attention alone, {width} (shipped)": nested_decisions(
            y, shipped["paragraph_attention"], folds
        )
    }
    blends = {f"shipped blend ({width})": shipped}
    for hidden in args.hidden:
        settings = SimpleNamespace(
            hidden=hidden,
            seeds=list(config.paragraph_attention_seeds),
            snapshots=list(config.paragraph_attention_snapshots),
        )
        candidate = np.zeros(y.shape, np.float32)
        candidate[has] = paragraph_oof(inputs.x, inputs.lengths[has], y[has], folds[has], settings)
        rows[f"paragraph attention alone, {hidden}"] = nested_decisions(y, candidate, folds)
        blends[f"blend with it at {hidden}"] = shipped | {"paragraph_attention": candidate}
        print(f"width {hidden}: scored ({time.time() - began:.0f} s)", file=sys.stderr)
    del inputs
    blended, weights = nested_blends(y, folds, blends)
    rows |= blended
    write_blend_report(
        RESULTS,
        "Width of the paragraph attention ensemble",
        f"python benchmarks/bench_attention_width.py --data {args.data} --oof {args.oof} "
        f"--hidden {' '.join(map(str, args.hidden))}",
        (y, langs, rows, weights),
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
