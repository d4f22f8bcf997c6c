"""What does each technique source add to the blend? Each one left out in turn.

Usage::

    python benchmarks/bench_source_ablation.py --oof .cache/oof/techniques_oof.npz

The shipped blend weighs eight sources, each chosen when it lifted the blend of the
sources before it. Sources added later may have taken over what an earlier one knew, so
this measures what each adds now: the blend searched again without it, by the model
card's nested procedure (fold k's weights and thresholds come from the other folds), on
the out-of-fold scores of ``spinscope train --dump``. A source whose removal costs nothing
measurable is one whose file size and analysis time buy nothing. Reads only the dump:
no data folder, encoder or token store. Results go to
``benchmarks/results/source_ablation.md``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
from bench_paragraph_attention import nested_blends, write_blend_report

from spinscope.persuasion.model import SOURCES

RESULTS = Path(__file__).resolve().parent / "results" / "source_ablation.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof", required=True, help="techniques_oof.npz from `train --dump`")
    args = parser.parse_args(argv)
    began = time.time()
    dump = np.load(args.oof)
    y, folds, langs = dump["y"], dump["folds"], dump["langs"]
    shipped = {name: dump[name] for name in SOURCES if name in dump}
    blends = {"all sources (shipped)": shipped}
    for left_out in shipped:
        blends[f"without {left_out}"] = {k: v for k, v in shipped.items() if k != left_out}
    rows, weights = nested_blends(y, folds, blends)
    write_blend_report(
        RESULTS,
        "Each technique source left out of the blend",
        f"python benchmarks/bench_source_ablation.py --oof {args.oof}",
        (y, langs, rows, weights),
        began,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
