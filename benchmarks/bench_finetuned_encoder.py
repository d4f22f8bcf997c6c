"""Score a fine-tuned encoder's out-of-fold technique scores like the model card.

Usage::

    python benchmarks/finetune_prepare.py --data ../shared/data/semeval2023
    # on a GPU machine (the device tool), the inputs file carried:
    python benchmarks/gpu_finetune_e5.py --inputs .device/finetune/inputs.npz --out OUT
    python benchmarks/gpu_token_heads.py --inputs .device/finetune/inputs.npz --out OUT
    python benchmarks/bench_finetuned_encoder.py --inputs .device/finetune/inputs.npz \\
        --run "lora r16, 5 epochs, lr 3e-4=OUT/oof_lora.npy" ...

Each ``--run`` is ``NAME=FILE``, FILE the (paragraphs, 23) float16 scores the GPU
script wrote (``.npy``, or ``FILE.npz#KEY``), NaN on paragraphs it did not score.
Per-label thresholds are nested as in the card: tuned on the other folds when every
fold is scored; when fewer are (a GPU lease is short), each scored fold is cut in two
by article and each half is decided by thresholds tuned on the other half. Figures
are micro-F1 per language and overall, written to
``benchmarks/results/finetuned_encoder.md`` with the card's figures beside them for
scale (those cover all five folds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from spinscope.persuasion.blend import nested_decisions
from spinscope.persuasion.card import markdown_table
from spinscope.persuasion.heads import micro_f1, tune_thresholds
from spinscope.persuasion.model import MODELS_DIR
from spinscope.persuasion.train_metrics import figures_per_language

RESULTS = Path(__file__).resolve().parent / "results" / "finetuned_encoder.md"
KEPT = RESULTS.with_name("finetuned_encoder_scores.npz")
#: The runs of the two 2026-12-04 leases, as kept in ``KEPT``: the default ``--run``s.
KEPT_RUNS = (
    f"LoRA r16 + biases + norms, mean-pooled, 5 epochs, lr 3e-4={KEPT}#lora_r16_5ep_lr3e4",
    f"every transformer weight, mean-pooled, 3 epochs, lr 5e-5={KEPT}#full_3ep_lr5e5",
    f"LoRA r16 + attention head, 4 epochs, snapshots 3/4={KEPT}#lora_r16_attention_4ep_snap34",
    f"attention head on the frozen states, snapshots 4/6/8={KEPT}#attention_frozen_8ep_snap468",
    "one new transformer layer + attention head, frozen states, snapshots 4/6/8="
    f"{KEPT}#context_layer_attention_frozen_8ep_snap468",
)
LANGUAGES = ("de", "en", "fr", "it", "pl", "ru")
MIX_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
FROZEN_SOURCES = ("attention", "paragraph_attention", "paragraph")  # best, token heads, plainest


def half_of(key: str) -> int:
    """0 or 1 for an article, from a hash of its language and id (not of the fold's)."""
    article = key.rsplit("/", 1)[0]
    return int(hashlib.md5(f"half:{article}".encode()).hexdigest(), 16) % 2


def nesting(scored: np.ndarray, folds: np.ndarray, halves: np.ndarray) -> np.ndarray:
    """The groups thresholds are nested by (see the module docstring): the folds when
    every fold is scored, else the scored folds' article halves (``halves``)."""
    return folds if len(np.unique(folds[scored])) == len(np.unique(folds)) else halves


def halves(folds: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Each paragraph's fold and article half, as one group number."""
    return np.array([f * 2 + half_of(k) for f, k in zip(folds, keys, strict=True)])


def nested_mix(
    y: np.ndarray, frozen: np.ndarray, tuned: np.ndarray, groups: np.ndarray
) -> tuple[np.ndarray, list[float]]:
    """Decisions on ``(1 - w) * frozen + w * tuned``, where each group's ``w`` (from
    ``MIX_GRID``) and thresholds were chosen on the other groups only."""
    pred, chosen = np.zeros_like(y), []
    for g in np.unique(groups):
        other, this = groups != g, groups == g
        best = (-1.0, 0.0, None)
        for w in MIX_GRID:
            mix = (1 - w) * frozen[other] + w * tuned[other]
            th = tune_thresholds(y[other], mix, rounds=1)
            best = max(best, (micro_f1(y[other], mix >= th), w, th), key=lambda b: b[0])
        _, w, th = best
        pred[this] = ((1 - w) * frozen[this] + w * tuned[this]) >= th
        chosen.append(w)
    return pred, chosen


def row(figures: dict, scored: str) -> dict:
    """A table row: which rows were scored, micro-F1 per language and over all."""
    cells = {lang: f"{figures[lang]['micro_f1']:.4f}" for lang in LANGUAGES if lang in figures}
    return {"scored": scored, **cells, "all": f"{figures['all']['micro_f1']:.4f}"}


def frozen_rows(
    dump, y: np.ndarray, langs: np.ndarray, rows: np.ndarray, groups: np.ndarray, where: str
):
    """The frozen blend and its chief sources on ``rows`` (``where`` names them; a
    table may hold several sets), decided like the runs."""
    table = {}
    for name, key in (("frozen blend (full retrain's dump)", "blended"),) + tuple(
        (f"its frozen {source} source alone", source) for source in FROZEN_SOURCES
    ):
        pred = nested_decisions(y[rows], dump[key][rows].astype(np.float32), groups[rows])
        table[f"{name}, {where}"] = row(figures_per_language(y[rows], pred, langs[rows]), where)
    return table


def load_scores(path: str) -> np.ndarray:
    """A ``.npy`` file, or ``FILE.npz#KEY`` (``results/finetuned_encoder_scores.npz`` keeps
    the runs, so these figures can be remade without a GPU); several joined by ``+``
    are one run's folds scored in different leases, each file NaN where it did not
    score, and they must not overlap."""
    parts = []
    for part in path.split("+"):
        file, _, key = part.partition("#")
        scores = np.load(file)
        parts.append((scores[key] if key else scores).astype(np.float32))
    joined = parts[0].copy()
    for more in parts[1:]:
        rows = np.isfinite(more).all(1)
        if (rows & np.isfinite(joined).all(1)).any():
            raise ValueError(f"{path}: the files score some paragraphs twice")
        joined[rows] = more[rows]
    return joined


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=Path, default=Path(".device/finetune/inputs.npz"))
    parser.add_argument(
        "--run",
        action="append",
        help="NAME=FILE (.npy or .npz#KEY; FILE+FILE for folds from several leases); "
        "default: the kept runs",
    )
    parser.add_argument(
        "--oof",
        type=Path,
        help="techniques_oof.npz of a full `spinscope train --dump`: also score each run "
        "blended with the frozen sources, on the same rows",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    z = np.load(args.inputs)
    y, folds, keys = z["y"], z["folds"].astype(np.int64) % 5, z["keys"]
    langs = z["languages"]
    dump = np.load(args.oof) if args.oof else None
    if dump is not None and not np.array_equal(dump["y"], y):
        print(f"{args.oof}: other paragraphs or labels than {args.inputs}", file=sys.stderr)
        return 2
    fold_halves = halves(folds, keys)
    table: dict[str, dict] = {}
    notes, frozen_done = [], set()
    for spec in args.run or KEPT_RUNS:
        name, _, path = spec.partition("=")
        try:
            scores = load_scores(path)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
        if scores.shape != y.shape:
            print(f"{path}: {scores.shape} scores, expected {y.shape}", file=sys.stderr)
            return 2
        scored = np.isfinite(scores).all(1)
        groups = nesting(scored, folds, fold_halves)
        rows = np.flatnonzero(scored)
        pred = nested_decisions(y[rows], scores[rows], groups[rows])
        figures = figures_per_language(y[rows], pred, langs[rows])
        which = ",".join(str(f) for f in np.unique(folds[scored]))
        where = f"fold {which} ({scored.sum()} paragraphs)"
        table[name] = row(figures, where)
        if dump is None:
            continue
        if rows.tobytes() not in frozen_done:  # runs on the same rows share these
            frozen_done.add(rows.tobytes())
            table |= frozen_rows(dump, y, langs, rows, groups, where)
        frozen = dump["blended"][rows].astype(np.float32)
        pred, chosen = nested_mix(y[rows], frozen, scores[rows], groups[rows])
        table[f"frozen blend + {name}"] = row(
            figures_per_language(y[rows], pred, langs[rows]), where
        )
        notes.append(f"- {name}: its weight in the blend, per fold or fold half: {chosen}")
    card = json.loads((MODELS_DIR / "card.json").read_text())["figures"]
    shipped = card["techniques"]
    table["shipped blend (card, frozen encoder)"] = row(shipped, "folds 0-4 (20207)")
    for source in FROZEN_SOURCES:
        figure = card["technique_sources"][source]["micro_f1"]
        table[f"its {source} source alone"] = {"scored": "folds 0-4", "all": f"{figure:.4f}"}
    for name, cells in table.items():
        print(name, cells)
    text = (
        "# Fine-tuning the encoder (technique micro-F1, nested thresholds)\n\n"
        f"Run {datetime.now(UTC):%Y-%m-%d} by `benchmarks/bench_finetuned_encoder.py`; "
        "the scores came from `benchmarks/gpu_finetune_e5.py` (mean-pooled runs) and "
        "`benchmarks/gpu_token_heads.py` (attention-head runs) on the GPU machine.\n\n"
        + "\n".join(markdown_table(table, ["scored", *LANGUAGES, "all"]))
        + "\n"
        + ("\n" + "\n".join(notes) + "\n" if notes else "")
    )
    args.out.write_text(text)
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
